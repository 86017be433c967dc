package io.jobline.store;

import io.jobline.Job;
import io.jobline.JobAttempt;
import io.jobline.JobId;
import io.jobline.JobStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/** A {@link JobStore} in maps, with the same compare-and-set and history rules as PostgreSQL; it can be "down". */
public final class InMemoryJobStore implements JobStore {

    private final Map<JobId, Job> jobs = new ConcurrentHashMap<>();
    private final Map<JobId, List<JobAttempt>> attempts = new ConcurrentHashMap<>();
    private final AtomicBoolean down = new AtomicBoolean();

    @Override
    public synchronized void insert(Job job) {
        checkUp();
        if (job.idempotencyKey() != null && findByIdempotencyKey(job.tenantId(), job.idempotencyKey()).isPresent()) {
            throw new DuplicateIdempotencyKeyException(job.idempotencyKey());
        }
        if (jobs.putIfAbsent(job.id(), job) != null) {
            throw new StoreException("Duplicate job id " + job.id(), null);
        }
    }

    @Override
    public synchronized void insertAll(List<Job> newJobs) {
        checkUp();
        newJobs.forEach(this::insert);
    }

    @Override
    public Optional<Job> findByIdempotencyKey(io.jobline.TenantId tenant, String idempotencyKey) {
        checkUp();
        return jobs.values().stream()
                .filter(job -> job.tenantId().equals(tenant) && idempotencyKey.equals(job.idempotencyKey()))
                .findFirst();
    }

    @Override
    public synchronized void releaseIdempotencyKey(JobId id) {
        checkUp();
        Job job = jobs.get(id);
        if (job != null) {
            jobs.put(id, new Job(job.id(), job.tenantId(), job.type(), job.payload(), job.status(), job.attempts(),
                    job.maxAttempts(), job.runAt(), job.result(), job.error(), null, job.version(), job.leaseUntil(),
                    job.createdAt(), job.updatedAt(), job.startedAt(), job.finishedAt(), job.priority(),
                    job.cancelRequested(), job.progress(), job.backoff(), job.callbackUrl(), job.requestHash(),
                    job.workerRequestId()));
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
        recordAttempt(written);
        return Optional.of(written);
    }

    /** What {@link PostgresJobStore#update} does to the history, in memory: attempts numbered over the job's life. */
    private void recordAttempt(Job job) {
        List<JobAttempt> history = attempts.computeIfAbsent(job.id(), id -> new ArrayList<>());
        boolean closes = PostgresJobStore.closesAttempt(job);
        boolean opens = PostgresJobStore.opensAttempt(job);
        int latest = history.stream().mapToInt(JobAttempt::attempt).max().orElse(0);
        for (int i = 0; i < history.size(); i++) {
            JobAttempt attempt = history.get(i);
            if (attempt.finishedAt() != null || !(attempt.attempt() < latest || closes || opens)) {
                continue;
            }
            history.set(i, closes && attempt.attempt() == latest
                    ? new JobAttempt(attempt.attempt(), attempt.startedAt(), job.updatedAt(), job.status().wireName(),
                            PostgresJobStore.attemptError(job), attempt.workerRequestId())
                    : new JobAttempt(attempt.attempt(), attempt.startedAt(), job.updatedAt(), "lost",
                            "lost its worker (killed or timed out)", attempt.workerRequestId()));
        }
        if (opens) {
            history.add(new JobAttempt(latest + 1, job.startedAt(), null, null, null, job.workerRequestId()));
        }
    }

    @Override
    public synchronized boolean deleteUnstarted(Job job) {
        checkUp();
        Job current = jobs.get(job.id());
        if (current == null || current.version() != job.version() || current.attempts() != 0
                || current.status() != JobStatus.QUEUED) {
            return false;
        }
        jobs.remove(job.id());
        return true;
    }

    @Override
    public List<JobAttempt> attempts(JobId id) {
        checkUp();
        return List.copyOf(attempts.getOrDefault(id, List.of()));
    }

    @Override
    public List<Job> findUnchangedSince(JobStatus status, Instant before, int limit) {
        return matching(job -> job.status() == status && job.updatedAt().isBefore(before),
                Comparator.comparing(Job::updatedAt), limit);
    }

    @Override
    public List<Job> findOrphans(Instant now, int limit) {
        return matching(job -> job.hasLostItsWorker(now) && job.leaseUntil().isBefore(now),
                Comparator.comparing(Job::leaseUntil), limit);
    }

    @Override
    public List<Job> findScheduledDueBy(Instant dueBy, int limit) {
        return matching(job -> job.status() == JobStatus.SCHEDULED && !job.runAt().isAfter(dueBy),
                Comparator.comparing(Job::runAt), limit);
    }

    @Override
    public List<Job> findFailed(FailedJobFilter filter, int limit) {
        return matching(job -> job.status() == JobStatus.FAILED
                        && job.tenantId().equals(filter.tenant())
                        && filter.type().map(job.type()::equals).orElse(true)
                        && filter.failedSince().map(since -> !job.finishedAt().isBefore(since)).orElse(true)
                        && filter.errorContains().map(text -> errorContains(job, text)).orElse(true)
                        && filter.createdAfter().map(after -> !job.createdAt().isBefore(after)).orElse(true)
                        && filter.createdBefore().map(before -> job.createdAt().isBefore(before)).orElse(true),
                Comparator.comparing(Job::finishedAt), limit);
    }

    @Override
    public synchronized int deleteFinishedBefore(JobStatus status, Instant before, int limit) {
        checkUp();
        List<Job> old = matching(job -> job.status() == status && job.finishedAt() != null
                && job.finishedAt().isBefore(before), Comparator.comparing(Job::finishedAt), limit);
        old.forEach(job -> {
            jobs.remove(job.id());
            attempts.remove(job.id());
        });
        return old.size();
    }

    /**
     * PostgreSQL's {@code strpos(lower(error), lower(?)) > 0}: a plain substring, ignoring case; a job without an
     * error never matches.
     */
    static boolean errorContains(Job job, String text) {
        return job.error() != null
                && job.error().toLowerCase(java.util.Locale.ROOT).contains(text.toLowerCase(java.util.Locale.ROOT));
    }

    /** While down, every call fails as PostgreSQL being unreachable does. */
    public void setDown(boolean isDown) {
        down.set(isDown);
    }

    public List<Job> all() {
        return List.copyOf(jobs.values());
    }

    private List<Job> matching(Predicate<Job> filter, Comparator<Job> order, int limit) {
        checkUp();
        return jobs.values().stream().filter(filter).sorted(order).limit(limit).toList();
    }

    private void checkUp() {
        if (down.get()) {
            throw new StoreUnavailableException("In-memory store is down", null);
        }
    }
}
