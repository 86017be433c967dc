package io.jobline.store;

import io.jobline.TenantId;
import java.time.Instant;
import java.util.Optional;

/** Which failed jobs a bulk retry re-queues: the tenant's, narrowed by type, failure time and error text. */
public record FailedJobFilter(
        TenantId tenant, Optional<String> type, Optional<Instant> failedSince, Optional<String> errorContains) {}
