package io.jobline.store;

import io.jobline.JobStatus;
import io.jobline.TenantId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a tenant's jobs, newest first ({@code created_at DESC, id DESC}), narrowed by a {@link JobFilter}.
 *
 * @param limit 1..{@value #MAX_LIMIT} jobs per page
 * @param cursor where the previous page ended; empty for the first page
 */
public record JobQuery(JobFilter filter, int limit, Optional<JobCursor> cursor) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    public JobQuery {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(cursor, "cursor");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be from 1 to " + MAX_LIMIT + ", got " + limit);
        }
    }

    /** The first page of all of a tenant's jobs; narrow it with the {@code with...} methods. */
    public static JobQuery newestFirst(TenantId tenant, int limit) {
        return new JobQuery(JobFilter.all(tenant), limit, Optional.empty());
    }

    public TenantId tenant() {
        return filter.tenant();
    }

    public JobQuery withStatus(JobStatus only) {
        return new JobQuery(filter.withStatus(only), limit, cursor);
    }

    public JobQuery withType(String only) {
        return new JobQuery(filter.withType(only), limit, cursor);
    }

    public JobQuery createdAfter(Instant inclusive) {
        return new JobQuery(filter.createdAfter(inclusive), limit, cursor);
    }

    public JobQuery createdBefore(Instant exclusive) {
        return new JobQuery(filter.createdBefore(exclusive), limit, cursor);
    }

    public JobQuery withErrorContaining(String text) {
        return new JobQuery(filter.withErrorContaining(text), limit, cursor);
    }

    /** The same query, continued after {@code next}: how a client walks the pages. */
    public JobQuery after(JobCursor next) {
        return new JobQuery(filter, limit, Optional.of(next));
    }
}
