package io.jobline.api;

import io.jobline.Job;
import io.jobline.JobId;
import io.jobline.JobStatus;
import io.jobline.TenantId;
import io.jobline.cache.JobCache;
import io.jobline.store.JobStore;
import java.time.Clock;
import java.util.Optional;

/**
 * Cancels a job: one that has not started (or waits for a retry) at once, so it never runs (its message is
 * acknowledged and dropped by the worker); a running one by asking its job type to stop between steps.
 */
final class CancelJob {

    /** The job after the request, and whether it is cancelled already or only asked to stop. */
    record Cancelled(Job job, boolean stopRequested) {}

    private final JobStore store;
    private final JobCache cache;
    private final Clock clock;

    CancelJob(JobStore store, JobCache cache, Clock clock) {
        this.store = store;
        this.cache = cache;
        this.clock = clock;
    }

    Cancelled cancel(TenantId tenant, JobId id) {
        for (int tries = 0; tries < 5; tries++) {
            Job job = OwnedJobs.find(store, tenant, id);
            if (job.isFinished()) {
                throw new ConflictException("job_finished",
                        "Job " + id + " is already " + job.status().wireName() + " and cannot be cancelled");
            }
            if (job.status() == JobStatus.RUNNING) {
                if (job.cancelRequested()) {
                    return new Cancelled(job, true);
                }
                Optional<Job> asked = store.update(job.requestCancel(clock.instant()));
                if (asked.isPresent()) {
                    return new Cancelled(asked.get(), true);
                }
                continue;
            }
            Optional<Job> cancelled = store.update(job.cancel(clock.instant()));
            if (cancelled.isPresent()) {
                cache.put(cancelled.get());
                return new Cancelled(cancelled.get(), false);
            }
        }
        throw new ConflictException("job_busy", "Job " + id + " is changing right now; try again");
    }
}
