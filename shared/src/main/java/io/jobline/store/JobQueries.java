package io.jobline.store;

import io.jobline.TenantId;
import java.time.Duration;
import java.time.Instant;

/**
 * Reads over many jobs of one tenant: what {@code GET /jobs}, {@code GET /jobs/count}, {@code GET /stats}
 * and {@code GET /stats/throughput} show. Kept apart from
 * {@link JobStore}, whose writes are compare-and-set on single rows, because listing has its own indexes and could
 * move to a read replica on its own.
 *
 * @implNote implementations throw {@link StoreUnavailableException} when the store cannot be reached.
 */
public interface JobQueries {

    /** One page of the tenant's jobs, newest first, and the cursor of the next page if there is one. */
    JobPage list(JobQuery query);

    /** How many jobs {@code filter} matches, up to {@link JobCount#CAP}. */
    JobCount count(JobFilter filter);

    /** The tenant's jobs counted per status and per type. */
    TenantStats stats(TenantId tenant);

    /**
     * The tenant's jobs that succeeded or failed in {@code buckets} consecutive buckets of {@code bucket}, the first
     * starting at {@code since}, counted by their {@code finished_at}.
     */
    Throughput throughput(TenantId tenant, Instant since, Duration bucket, int buckets);
}
