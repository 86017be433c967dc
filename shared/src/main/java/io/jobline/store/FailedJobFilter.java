package io.jobline.store;

import io.jobline.TenantId;
import java.time.Instant;
import java.util.Optional;

/**
 * Which failed jobs a bulk retry re-queues: the tenant's, narrowed by type, failure time, error text and creation time.
 * {@code createdAfter} (inclusive) and {@code createdBefore} (exclusive) mean what they mean in {@link JobFilter}, so
 * a retry of "the failed jobs listed" re-queues exactly those.
 */
public record FailedJobFilter(
        TenantId tenant,
        Optional<String> type,
        Optional<Instant> failedSince,
        Optional<String> errorContains,
        Optional<Instant> createdAfter,
        Optional<Instant> createdBefore) {

    /** Without a creation-time window. */
    public FailedJobFilter(
            TenantId tenant, Optional<String> type, Optional<Instant> failedSince, Optional<String> errorContains) {
        this(tenant, type, failedSince, errorContains, Optional.empty(), Optional.empty());
    }

    /** The listing filter of the same jobs, but for their status and failure time, which this filter adds. */
    public JobFilter listed() {
        return new JobFilter(tenant, Optional.empty(), type, createdAfter, createdBefore, errorContains);
    }
}
