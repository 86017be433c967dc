package io.jobline;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A job row: immutable, changed only through its verbs, each of which returns the next state and refuses moves that
 * {@link JobStatus} does not allow.
 *
 * <p>{@code version} is the version of the stored row this state was derived from. The store writes a changed job only
 * if the row still has that version (compare-and-set) and hands back the job with the version it wrote.
 */
public record Job(
        JobId id,
        TenantId tenantId,
        String type,
        JsonNode payload,
        JobStatus status,
        int attempts,
        int maxAttempts,
        Instant runAt,
        JsonNode result,
        String error,
        String idempotencyKey,
        long version,
        Instant leaseUntil,
        Instant createdAt,
        Instant updatedAt,
        Instant startedAt,
        Instant finishedAt,
        Priority priority,
        boolean cancelRequested,
        Progress progress,
        BackoffPolicy backoff,
        String callbackUrl,
        String requestHash,
        String workerRequestId) {

    /** SQS can delay a message by at most this much; a job due later waits as {@code scheduled} for the sweep. */
    public static final Duration MAX_QUEUE_DELAY = Duration.ofMinutes(15);

    public Job {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(runAt, "runAt");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(priority, "priority");
    }

    /** A new job, queued to run now. */
    public static Job submit(JobId id, TenantId tenantId, JobSpec spec, String idempotencyKey, Instant now) {
        return submit(id, tenantId, spec, idempotencyKey, null, now, now);
    }

    /**
     * A new job due at {@code runAt}: {@code queued} when the queue can hold it until then (up to 15 minutes),
     * otherwise {@code scheduled} until the sweep queues it.
     */
    public static Job submit(JobId id, TenantId tenantId, JobSpec spec, String idempotencyKey, String requestHash,
            Instant runAt, Instant now) {
        Instant due = runAt.isBefore(now) ? now : runAt;
        JobStatus status = due.isAfter(now.plus(MAX_QUEUE_DELAY)) ? JobStatus.SCHEDULED : JobStatus.QUEUED;
        return new Job(id, tenantId, spec.type(), spec.payload(), status, 0, spec.maxAttempts(), due, null, null,
                idempotencyKey, 0, null, now, now, null, null, spec.priority(), false, null,
                spec.backoff().orElse(null), spec.callbackUrl().map(Object::toString).orElse(null), requestHash,
                null);
    }

    /** A worker starts an attempt and holds the job until {@code now + lease}. */
    public Job start(Instant now, Duration lease, String workerRequest) {
        check(JobStatus.RUNNING);
        if (!hasAttemptsLeft()) {
            throw new IllegalStateException("Job " + id + " has used all " + maxAttempts + " attempts");
        }
        return with(JobStatus.RUNNING, attempts + 1, runAt, null, error, now.plus(lease), now, now, null, false,
                null, workerRequest);
    }

    public Job start(Instant now, Duration lease) {
        return start(now, lease, null);
    }

    public Job succeed(JsonNode jobResult, Instant now) {
        check(JobStatus.SUCCEEDED);
        return with(JobStatus.SUCCEEDED, attempts, runAt, jobResult, null, null, now, startedAt, now, false,
                progress, workerRequestId);
    }

    /** The job failed for good: a permanent error, or its last attempt failed. */
    public Job fail(String reason, Instant now) {
        check(JobStatus.FAILED);
        return with(JobStatus.FAILED, attempts, runAt, null, reason, null, now, startedAt, now, false, progress,
                workerRequestId);
    }

    /** The attempt failed with an error worth retrying; the next attempt is due at {@code nextAttemptAt}. */
    public Job retry(String reason, Instant nextAttemptAt, Instant now) {
        check(JobStatus.RETRYING);
        if (!hasAttemptsLeft()) {
            throw new IllegalStateException("Job " + id + " has used all " + maxAttempts + " attempts");
        }
        return with(JobStatus.RETRYING, attempts, nextAttemptAt, null, reason, null, now, startedAt, null, false,
                progress, workerRequestId);
    }

    /**
     * A job that has not started (or waits for a retry) is cancelled at once and will never run; a running job only
     * once a cancel was requested and its job type stopped for it.
     */
    public Job cancel(Instant now) {
        check(JobStatus.CANCELLED);
        if (status == JobStatus.RUNNING && !cancelRequested) {
            throw new IllegalJobStateChangeException(id, status, JobStatus.CANCELLED);
        }
        return with(JobStatus.CANCELLED, attempts, runAt, null, error, null, now, startedAt, now, false, progress,
                workerRequestId);
    }

    /** A running job is asked to stop; a job type that runs in steps checks this between them. */
    public Job requestCancel(Instant now) {
        if (status != JobStatus.RUNNING) {
            throw new IllegalJobStateChangeException(id, status, JobStatus.CANCELLED);
        }
        return with(status, attempts, runAt, result, error, leaseUntil, now, startedAt, finishedAt, true, progress,
                workerRequestId);
    }

    /**
     * Back to {@code queued}: a failed or cancelled job with all its attempts again (its history is kept), a scheduled
     * job that is due, or a queued job whose message the sweep sends again.
     */
    public Job requeue(Instant now) {
        check(JobStatus.QUEUED);
        if (status == JobStatus.SCHEDULED || status == JobStatus.QUEUED) {
            return with(JobStatus.QUEUED, attempts, runAt, null, error, null, now, startedAt, null, false, progress,
                    workerRequestId);
        }
        return with(JobStatus.QUEUED, 0, now, null, error, null, now, startedAt, null, false, null, workerRequestId);
    }

    /**
     * A job held back by its type's rate or concurrency limit is due again at {@code dueAt}; its status stays. Recorded
     * on the row so the sweep does not take its long wait for a lost message and send another.
     */
    public Job waitForLimit(Instant dueAt, Instant now) {
        if (status != JobStatus.QUEUED && status != JobStatus.RETRYING) {
            throw new IllegalJobStateChangeException(id, status, status);
        }
        return with(status, attempts, dueAt, result, error, leaseUntil, now, startedAt, finishedAt, cancelRequested,
                progress, workerRequestId);
    }

    public Job reportProgress(Progress newProgress, Instant now) {
        if (status != JobStatus.RUNNING) {
            throw new IllegalJobStateChangeException(id, status, status);
        }
        return with(status, attempts, runAt, result, error, leaseUntil, now, startedAt, finishedAt, cancelRequested,
                newProgress, workerRequestId);
    }

    public boolean isFinished() {
        return status.isFinished();
    }

    public boolean hasAttemptsLeft() {
        return attempts < maxAttempts;
    }

    /** A running job whose worker has not finished within its lease: the worker was killed or timed out. */
    public boolean hasLostItsWorker(Instant now) {
        return status == JobStatus.RUNNING && leaseUntil != null && !now.isBefore(leaseUntil);
    }

    /** The retry policy this job uses: its own, or else {@code typeDefault}. */
    public BackoffPolicy backoffOr(BackoffPolicy typeDefault) {
        return backoff != null ? backoff : typeDefault;
    }

    /** The same state as stored under {@code newVersion}; used by stores after a successful compare-and-set. */
    public Job withVersion(long newVersion) {
        return new Job(id, tenantId, type, payload, status, attempts, maxAttempts, runAt, result, error,
                idempotencyKey, newVersion, leaseUntil, createdAt, updatedAt, startedAt, finishedAt, priority,
                cancelRequested, progress, backoff, callbackUrl, requestHash, workerRequestId);
    }

    private Job with(JobStatus newStatus, int newAttempts, Instant newRunAt, JsonNode newResult, String newError,
            Instant newLeaseUntil, Instant now, Instant newStartedAt, Instant newFinishedAt,
            boolean newCancelRequested, Progress newProgress, String newWorkerRequestId) {
        return new Job(id, tenantId, type, payload, newStatus, newAttempts, maxAttempts, newRunAt, newResult,
                newError, idempotencyKey, version, newLeaseUntil, createdAt, now, newStartedAt, newFinishedAt,
                priority, newCancelRequested, newProgress, backoff, callbackUrl, requestHash, newWorkerRequestId);
    }

    private void check(JobStatus next) {
        if (!status.canMoveTo(next)) {
            throw new IllegalJobStateChangeException(id, status, next);
        }
    }
}
