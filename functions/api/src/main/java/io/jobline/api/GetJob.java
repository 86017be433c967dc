package io.jobline.api;

import io.jobline.Job;
import io.jobline.JobId;
import io.jobline.JobNotFoundException;
import io.jobline.TenantId;
import io.jobline.cache.JobCache;
import io.jobline.store.JobStore;
import java.util.Optional;

/** Reads a job for its tenant: finished jobs from the cache when it has them, everything else from the store. */
final class GetJob {

    private final JobCache cache;
    private final JobStore store;

    GetJob(JobCache cache, JobStore store) {
        this.cache = cache;
        this.store = store;
    }

    /** A job and whether the cache answered. */
    record Found(Job job, boolean fromCache) {}

    Found get(TenantId tenant, JobId id) {
        Optional<Job> cached = cache.get(id);
        if (cached.isPresent()) {
            return new Found(ownedBy(tenant, cached.get(), id), true);
        }
        Job job = OwnedJobs.find(store, tenant, id);
        if (job.isFinished()) {
            cache.put(job);
        }
        return new Found(job, false);
    }

    /** Another tenant's job is reported exactly like a job that does not exist. */
    private static Job ownedBy(TenantId tenant, Job job, JobId id) {
        if (!job.tenantId().equals(tenant)) {
            throw new JobNotFoundException(id);
        }
        return job;
    }
}
