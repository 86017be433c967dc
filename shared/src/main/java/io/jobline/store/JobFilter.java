package io.jobline.store;

import io.jobline.JobStatus;
import io.jobline.TenantId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which of a tenant's jobs a listing or a count covers: what the dashboard's filter bar sets, shared by
 * {@code GET /jobs} and {@code GET /jobs/count} so the count always describes the list.
 *
 * @param createdAfter jobs created at or after this instant (inclusive)
 * @param createdBefore jobs created strictly before this instant; with {@code createdAfter}, consecutive windows
 *     neither overlap nor leave gaps
 * @param errorContains jobs whose error contains this text, ignoring case
 */
public record JobFilter(
        TenantId tenant,
        Optional<JobStatus> status,
        Optional<String> type,
        Optional<Instant> createdAfter,
        Optional<Instant> createdBefore,
        Optional<String> errorContains) {

    /** The instants a filter or cursor may name: years 1 to 9999, well inside what PostgreSQL stores. */
    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

    public static final Instant END_OF_TIME = Instant.parse("+10000-01-01T00:00:00Z");

    public JobFilter {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(createdAfter, "createdAfter");
        Objects.requireNonNull(createdBefore, "createdBefore");
        Objects.requireNonNull(errorContains, "errorContains");
        createdAfter.filter(instant -> !isSupported(instant)).ifPresent(instant -> {
            throw new IllegalArgumentException("createdAfter out of range: " + instant);
        });
        createdBefore.filter(instant -> !isSupported(instant)).ifPresent(instant -> {
            throw new IllegalArgumentException("createdBefore out of range: " + instant);
        });
    }

    /** All of a tenant's jobs; narrow it with the {@code with...} methods. */
    public static JobFilter all(TenantId tenant) {
        return new JobFilter(tenant, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    public static boolean isSupported(Instant instant) {
        return !instant.isBefore(EARLIEST) && instant.isBefore(END_OF_TIME);
    }

    public JobFilter withStatus(JobStatus only) {
        return new JobFilter(tenant, Optional.of(only), type, createdAfter, createdBefore, errorContains);
    }

    public JobFilter withType(String only) {
        return new JobFilter(tenant, status, Optional.of(only), createdAfter, createdBefore, errorContains);
    }

    public JobFilter createdAfter(Instant inclusive) {
        return new JobFilter(tenant, status, type, Optional.of(inclusive), createdBefore, errorContains);
    }

    public JobFilter createdBefore(Instant exclusive) {
        return new JobFilter(tenant, status, type, createdAfter, Optional.of(exclusive), errorContains);
    }

    public JobFilter withErrorContaining(String text) {
        return new JobFilter(tenant, status, type, createdAfter, createdBefore, Optional.of(text));
    }
}
