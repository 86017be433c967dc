package io.jobline.store;

import io.jobline.JobStatus;
import io.jobline.TenantId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a tenant's jobs, newest first ({@code created_at DESC, id DESC}), optionally filtered.
 *
 * @param createdAfter jobs created at or after this instant (inclusive)
 * @param createdBefore jobs created strictly before this instant; with {@code createdAfter}, consecutive windows
 *     neither overlap nor leave gaps
 * @param limit 1..{@value #MAX_LIMIT} jobs per page
 * @param cursor where the previous page ended; empty for the first page
 */
public record JobQuery(
        TenantId tenant,
        Optional<JobStatus> status,
        Optional<String> type,
        Optional<Instant> createdAfter,
        Optional<Instant> createdBefore,
        int limit,
        Optional<JobCursor> cursor) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    /** The instants a filter or cursor may name: years 1 to 9999, well inside what PostgreSQL stores. */
    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

    public static final Instant END_OF_TIME = Instant.parse("+10000-01-01T00:00:00Z");

    public JobQuery {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(createdAfter, "createdAfter");
        Objects.requireNonNull(createdBefore, "createdBefore");
        Objects.requireNonNull(cursor, "cursor");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be from 1 to " + MAX_LIMIT + ", got " + limit);
        }
        createdAfter.filter(instant -> !isSupported(instant)).ifPresent(instant -> {
            throw new IllegalArgumentException("createdAfter out of range: " + instant);
        });
        createdBefore.filter(instant -> !isSupported(instant)).ifPresent(instant -> {
            throw new IllegalArgumentException("createdBefore out of range: " + instant);
        });
    }

    /** The first page of all of a tenant's jobs; narrow it with the {@code with...} methods. */
    public static JobQuery newestFirst(TenantId tenant, int limit) {
        return new JobQuery(tenant, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), limit,
                Optional.empty());
    }

    public static boolean isSupported(Instant instant) {
        return !instant.isBefore(EARLIEST) && instant.isBefore(END_OF_TIME);
    }

    public JobQuery withStatus(JobStatus only) {
        return new JobQuery(tenant, Optional.of(only), type, createdAfter, createdBefore, limit, cursor);
    }

    public JobQuery withType(String only) {
        return new JobQuery(tenant, status, Optional.of(only), createdAfter, createdBefore, limit, cursor);
    }

    public JobQuery createdAfter(Instant inclusive) {
        return new JobQuery(tenant, status, type, Optional.of(inclusive), createdBefore, limit, cursor);
    }

    public JobQuery createdBefore(Instant exclusive) {
        return new JobQuery(tenant, status, type, createdAfter, Optional.of(exclusive), limit, cursor);
    }

    /** The same query, continued after {@code next}: how a client walks the pages. */
    public JobQuery after(JobCursor next) {
        return new JobQuery(tenant, status, type, createdAfter, createdBefore, limit, Optional.of(next));
    }
}
