package io.jobline.store;

import io.jobline.Job;
import io.jobline.JobId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/** A {@link JobStore} in a map, with the same compare-and-set rules as PostgreSQL; it can be switched "down". */
public final class InMemoryJobStore implements JobStore {

    private final Map<JobId, Job> jobs = new ConcurrentHashMap<>();
    private final AtomicBoolean down = new AtomicBoolean();

    @Override
    public void insert(Job job) {
        checkUp();
        if (jobs.putIfAbsent(job.id(), job) != null) {
            throw new StoreException("Duplicate job id " + job.id(), null);
        }
    }

    @Override
    public Optional<Job> find(JobId id) {
        checkUp();
        return Optional.ofNullable(jobs.get(id));
    }

    @Override
    public synchronized Optional<Job> update(Job changed) {
        checkUp();
        Job current = jobs.get(changed.id());
        if (current == null || current.version() != changed.version()) {
            return Optional.empty();
        }
        Job written = changed.withVersion(changed.version() + 1);
        jobs.put(changed.id(), written);
        return Optional.of(written);
    }

    @Override
    public synchronized boolean deleteUnstarted(Job job) {
        checkUp();
        Job current = jobs.get(job.id());
        if (current == null || current.version() != job.version() || current.attempts() != 0
                || current.status() != io.jobline.JobStatus.QUEUED) {
            return false;
        }
        jobs.remove(job.id());
        return true;
    }

    /** While down, every call fails as PostgreSQL being unreachable does. */
    public void setDown(boolean isDown) {
        down.set(isDown);
    }

    public List<Job> all() {
        return List.copyOf(jobs.values());
    }

    private void checkUp() {
        if (down.get()) {
            throw new StoreUnavailableException("In-memory store is down", null);
        }
    }
}
