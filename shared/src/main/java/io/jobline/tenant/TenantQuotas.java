package io.jobline.tenant;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one tenant may do: requests per second with a burst (a token bucket), how many of its jobs may wait at once
 * (queued, scheduled or retrying), how large a job's payload may be, and which job types it may submit (empty: all).
 */
public record TenantQuotas(
        int requestsPerSecond, int burst, long maxQueuedJobs, int maxPayloadBytes, Optional<Set<String>> allowedJobTypes) {

    public static final TenantQuotas DEFAULT = new TenantQuotas(50, 100, 100_000, 262_144, Optional.empty());
    public static final int MAX_REQUESTS_PER_SECOND = 100_000;
    public static final int MAX_BURST = 1_000_000;
    public static final long MAX_QUEUED_JOBS = 1_000_000_000L;
    /** The API refuses bodies over 256 KiB anyway. */
    public static final int MAX_PAYLOAD_BYTES = 262_144;

    public TenantQuotas {
        check(requestsPerSecond >= 1 && requestsPerSecond <= MAX_REQUESTS_PER_SECOND,
                "requestsPerSecond must be 1.." + MAX_REQUESTS_PER_SECOND);
        check(burst >= 1 && burst <= MAX_BURST, "burst must be 1.." + MAX_BURST);
        check(maxQueuedJobs >= 1 && maxQueuedJobs <= MAX_QUEUED_JOBS, "maxQueuedJobs must be 1.." + MAX_QUEUED_JOBS);
        check(maxPayloadBytes >= 1 && maxPayloadBytes <= MAX_PAYLOAD_BYTES,
                "maxPayloadBytes must be 1.." + MAX_PAYLOAD_BYTES);
        allowedJobTypes = allowedJobTypes.map(types -> Set.copyOf(new TreeSet<>(types)));
        allowedJobTypes.ifPresent(types -> check(!types.isEmpty() && types.stream().noneMatch(String::isBlank),
                "allowedJobTypes must name at least one job type (or be null for all)"));
    }

    public boolean allows(String jobType) {
        return allowedJobTypes.map(types -> types.contains(jobType)).orElse(true);
    }

    public TenantQuotas withRequestsPerSecond(int value) {
        return new TenantQuotas(value, burst, maxQueuedJobs, maxPayloadBytes, allowedJobTypes);
    }

    public TenantQuotas withBurst(int value) {
        return new TenantQuotas(requestsPerSecond, value, maxQueuedJobs, maxPayloadBytes, allowedJobTypes);
    }

    public TenantQuotas withMaxQueuedJobs(long value) {
        return new TenantQuotas(requestsPerSecond, burst, value, maxPayloadBytes, allowedJobTypes);
    }

    public TenantQuotas withMaxPayloadBytes(int value) {
        return new TenantQuotas(requestsPerSecond, burst, maxQueuedJobs, value, allowedJobTypes);
    }

    public TenantQuotas withAllowedJobTypes(Optional<Set<String>> value) {
        return new TenantQuotas(requestsPerSecond, burst, maxQueuedJobs, maxPayloadBytes, value);
    }

    private static void check(boolean valid, String message) {
        if (!valid) {
            throw new InvalidTenantSettingException(message);
        }
    }
}
