package io.jobline.api;

import io.jobline.Job;
import io.jobline.JobId;
import io.jobline.JobStatus;
import io.jobline.Priority;
import io.jobline.TenantId;
import io.jobline.cache.JobCache;
import io.jobline.queue.JobQueue;
import io.jobline.queue.QueueUnavailableException;
import io.jobline.store.FailedJobFilter;
import io.jobline.store.JobStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queues failed or cancelled jobs again with all their attempts; their attempt history is kept. A job whose message
 * cannot be sent stays {@code queued} in the store and the sweep sends it.
 */
final class RetryJob {

    static final int MAX_BULK = 1000;
    private static final Logger log = LoggerFactory.getLogger(RetryJob.class);

    private final JobStore store;
    private final JobQueue queue;
    private final JobCache cache;
    private final Clock clock;

    RetryJob(JobStore store, JobQueue queue, JobCache cache, Clock clock) {
        this.store = store;
        this.queue = queue;
        this.cache = cache;
        this.clock = clock;
    }

    Job retry(TenantId tenant, JobId id) {
        Job job = OwnedJobs.find(store, tenant, id);
        if (job.status() != JobStatus.FAILED && job.status() != JobStatus.CANCELLED) {
            throw new ConflictException("job_not_retryable",
                    "Only failed or cancelled jobs can be retried; job " + id + " is " + job.status().wireName());
        }
        Job requeued = store.update(job.requeue(clock.instant()))
                .orElseThrow(() -> new ConflictException("job_busy", "Job " + id + " changed meanwhile; try again"));
        cache.evict(id);
        try {
            queue.enqueue(id, requeued.priority(), Duration.ZERO);
        } catch (QueueUnavailableException e) {
            log.warn("Retried job {} could not be queued now; the sweep queues it: {}", id, e.getMessage());
        }
        return requeued;
    }

    /** Re-queues up to {@code limit} of the tenant's failed jobs matching {@code filter}; returns their ids. */
    List<JobId> retryFailed(FailedJobFilter filter, int limit) {
        Map<Priority, List<JobId>> byPriority = new EnumMap<>(Priority.class);
        List<JobId> retried = new ArrayList<>();
        for (Job job : store.findFailed(filter, Math.min(limit, MAX_BULK))) {
            Optional<Job> requeued = store.update(job.requeue(clock.instant()));
            if (requeued.isEmpty()) {
                continue; // retried by someone else meanwhile
            }
            cache.evict(job.id());
            byPriority.computeIfAbsent(job.priority(), p -> new ArrayList<>()).add(job.id());
            retried.add(job.id());
        }
        byPriority.forEach((priority, ids) -> {
            List<JobId> notQueued = queue.enqueueAll(ids, priority);
            if (!notQueued.isEmpty()) {
                log.warn("{} retried jobs could not be queued now; the sweep queues them", notQueued.size());
            }
        });
        return retried;
    }
}
