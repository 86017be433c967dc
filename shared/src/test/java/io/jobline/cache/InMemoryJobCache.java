package io.jobline.cache;

import io.jobline.Job;
import io.jobline.JobId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link JobCache} in a map, caching finished jobs only, like {@link RedisJobCache}. */
public final class InMemoryJobCache implements JobCache {

    private final Map<JobId, Job> jobs = new ConcurrentHashMap<>();

    @Override
    public void put(Job finishedJob) {
        if (finishedJob.isFinished()) {
            jobs.put(finishedJob.id(), finishedJob);
        }
    }

    @Override
    public Optional<Job> get(JobId id) {
        return Optional.ofNullable(jobs.get(id));
    }

    @Override
    public void evict(JobId id) {
        jobs.remove(id);
    }
}
