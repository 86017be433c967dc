package io.jobline.store;

import io.jobline.TenantId;

/**
 * Reads over many jobs of one tenant: what {@code GET /jobs} and {@code GET /stats} show. Kept apart from
 * {@link JobStore}, whose writes are compare-and-set on single rows, because listing has its own indexes and could
 * move to a read replica on its own.
 *
 * @implNote implementations throw {@link StoreUnavailableException} when the store cannot be reached.
 */
public interface JobQueries {

    /** One page of the tenant's jobs, newest first, and the cursor of the next page if there is one. */
    JobPage list(JobQuery query);

    /** The tenant's jobs counted per status and per type. */
    TenantStats stats(TenantId tenant);
}
