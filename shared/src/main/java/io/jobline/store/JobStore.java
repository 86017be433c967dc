package io.jobline.store;

import io.jobline.Job;
import io.jobline.JobAttempt;
import io.jobline.JobId;
import io.jobline.JobStatus;
import io.jobline.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The source of truth for jobs. Every status write is a compare-and-set on the job's version: two workers (or a worker
 * and the sweep) that race for the same job cannot both win.
 *
 * @implNote implementations throw {@link StoreUnavailableException} when the store cannot be reached, so callers can
 *     answer 503 or leave a message for redelivery; any other failure is a bug and surfaces as such.
 */
public interface JobStore {

    /**
     * Stores a new job.
     *
     * @throws DuplicateIdempotencyKeyException when the tenant already has a job with the job's idempotency key
     */
    void insert(Job job);

    /** Stores new jobs all together or not at all (one transaction). */
    void insertAll(List<Job> jobs);

    /** The tenant's job holding {@code idempotencyKey}, if any. */
    Optional<Job> findByIdempotencyKey(TenantId tenant, String idempotencyKey);

    /** Frees a job's idempotency key (its 24 hours are over), so a new job may use it. */
    void releaseIdempotencyKey(JobId id);

    Optional<Job> find(JobId id);

    /**
     * Writes {@code changed} if the stored row still has {@code changed.version()}, and keeps the attempt history in
     * step: starting an attempt opens its entry (closing any earlier one a lost worker left open), and an attempt's
     * outcome closes it.
     *
     * @return the job as stored, with its new version; empty when someone else changed (or deleted) the row first
     */
    Optional<Job> update(Job changed);

    /**
     * Removes a job that was inserted but never handed to the queue and has not changed since: used to undo a submit
     * whose enqueue failed, so a client told "503, try again" is not also left with a job that runs.
     *
     * @return true if the row was removed
     */
    boolean deleteUnstarted(Job job);

    /** The job's attempts, oldest first. */
    List<JobAttempt> attempts(JobId id);

    /** Jobs in {@code status} not changed since {@code before}, oldest first: queued jobs whose message was lost. */
    List<Job> findUnchangedSince(JobStatus status, Instant before, int limit);

    /** Running jobs whose lease ended before {@code now}: their worker was killed or timed out. */
    List<Job> findOrphans(Instant now, int limit);

    /** Scheduled jobs due by {@code dueBy}, earliest first. */
    List<Job> findScheduledDueBy(Instant dueBy, int limit);

    /** Failed jobs matching {@code filter}, oldest failure first. */
    List<Job> findFailed(FailedJobFilter filter, int limit);

    /** Deletes up to {@code limit} jobs in {@code status} that finished before {@code before}; returns how many. */
    int deleteFinishedBefore(JobStatus status, Instant before, int limit);
}
