package io.jobline.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobline.Job;
import io.jobline.JobId;
import io.jobline.JobSpec;
import io.jobline.JobTypes;
import io.jobline.TenantId;
import io.jobline.queue.JobQueue;
import io.jobline.queue.QueueUnavailableException;
import io.jobline.store.JobStore;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts a job: validates its payload for its type, stores it as {@code queued}, then queues its id.
 *
 * <p>The row is written first, so there is never a message without a row. If the queue refuses the message, the row is
 * removed again and the client gets a 503 to retry; if even that removal fails, the row stays {@code queued} and the
 * sweep re-queues it, so the job is still never lost.
 */
final class SubmitJob {

    private static final Logger log = LoggerFactory.getLogger(SubmitJob.class);

    private final JobTypes jobTypes;
    private final JobStore store;
    private final JobQueue queue;
    private final Clock clock;

    SubmitJob(JobTypes jobTypes, JobStore store, JobQueue queue, Clock clock) {
        this.jobTypes = jobTypes;
        this.store = store;
        this.queue = queue;
        this.clock = clock;
    }

    Job submit(TenantId tenant, JsonNode request) {
        JobSpec spec = SubmitJobRequest.parse(request, jobTypes);
        Job job = Job.submit(JobId.random(), tenant, spec, null, clock.instant());
        store.insert(job);
        try {
            queue.enqueue(job.id(), job.priority(), Duration.ZERO);
        } catch (QueueUnavailableException e) {
            withdraw(job);
            throw e;
        }
        return job;
    }

    private void withdraw(Job job) {
        try {
            if (store.deleteUnstarted(job)) {
                return;
            }
            log.warn("Job {} could not be queued and was already picked up; leaving it as it is", job.id());
        } catch (RuntimeException e) {
            log.error("Job {} could not be queued nor withdrawn; it stays queued for the sweep to re-queue: {}",
                    job.id(), e.toString());
        }
    }
}
