package io.jobline.store;

import io.jobline.Job;
import io.jobline.JobId;
import java.util.Optional;

/**
 * The source of truth for jobs. Every status write is a compare-and-set on the job's version: two workers (or a worker
 * and the sweep) that race for the same job cannot both win.
 *
 * @implNote implementations throw {@link StoreUnavailableException} when the store cannot be reached, so callers can
 *     answer 503 or leave a message for redelivery; any other failure is a bug and surfaces as such.
 */
public interface JobStore {

    /** Stores a new job. */
    void insert(Job job);

    Optional<Job> find(JobId id);

    /**
     * Writes {@code changed} if the stored row still has {@code changed.version()}.
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
}
