package io.jobline.cache;

import io.jobline.Job;
import io.jobline.JobId;
import java.util.Optional;

/**
 * Snapshots of finished jobs, so status reads do not reach the database. Best effort by contract: a cache that is down
 * never fails a request or a job; it logs, answers empty, and the store answers instead.
 */
public interface JobCache {

    /** Keeps a finished job for the configured time to live. Unfinished jobs are not cached: they still change. */
    void put(Job finishedJob);

    Optional<Job> get(JobId id);

    /** Drops a snapshot, e.g. when a finished job is retried. */
    void evict(JobId id);
}
