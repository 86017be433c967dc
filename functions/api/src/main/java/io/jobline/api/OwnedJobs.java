package io.jobline.api;

import io.jobline.Job;
import io.jobline.JobId;
import io.jobline.JobNotFoundException;
import io.jobline.TenantId;
import io.jobline.store.JobStore;

/** Reads a job for its tenant from the store; another tenant's job is reported exactly like a missing one. */
final class OwnedJobs {

    private OwnedJobs() {}

    static Job find(JobStore store, TenantId tenant, JobId id) {
        return store.find(id).filter(job -> job.tenantId().equals(tenant))
                .orElseThrow(() -> new JobNotFoundException(id));
    }
}
