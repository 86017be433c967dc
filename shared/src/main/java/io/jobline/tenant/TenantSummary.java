package io.jobline.tenant;

import io.jobline.TenantId;
import java.time.Instant;

/** A tenant as the admin command and routes list it. */
public record TenantSummary(TenantId id, String name, Instant createdAt, TenantQuotas quotas) {}
