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
        Instant finishedAt) {

    public Job {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(runAt, "runAt");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** A new job, queued to run now. */
    public static Job submit(JobId id, TenantId tenantId, JobSpec spec, String idempotencyKey, Instant now) {
        return new Job(id, tenantId, spec.type(), spec.payload(), JobStatus.QUEUED, 0, spec.maxAttempts(), now, null,
                null, idempotencyKey, 0, null, now, now, null, null);
    }

    /** A worker starts an attempt and holds the job until {@code now + lease}. */
    public Job start(Instant now, Duration lease) {
        check(JobStatus.RUNNING);
        if (!hasAttemptsLeft()) {
            throw new IllegalStateException("Job " + id + " has used all " + maxAttempts + " attempts");
        }
        return new Job(id, tenantId, type, payload, JobStatus.RUNNING, attempts + 1, maxAttempts, runAt, null, error,
                idempotencyKey, version, now.plus(lease), createdAt, now, now, null);
    }

    public Job succeed(JsonNode jobResult, Instant now) {
        check(JobStatus.SUCCEEDED);
        return new Job(id, tenantId, type, payload, JobStatus.SUCCEEDED, attempts, maxAttempts, runAt, jobResult, null,
                idempotencyKey, version, null, createdAt, now, startedAt, now);
    }

    /** The job failed for good: a permanent error, or its last attempt failed. */
    public Job fail(String reason, Instant now) {
        check(JobStatus.FAILED);
        return new Job(id, tenantId, type, payload, JobStatus.FAILED, attempts, maxAttempts, runAt, null, reason,
                idempotencyKey, version, null, createdAt, now, startedAt, now);
    }

    /** The attempt failed with an error worth retrying; the next attempt is due at {@code nextAttemptAt}. */
    public Job retry(String reason, Instant nextAttemptAt, Instant now) {
        check(JobStatus.RETRYING);
        if (!hasAttemptsLeft()) {
            throw new IllegalStateException("Job " + id + " has used all " + maxAttempts + " attempts");
        }
        return new Job(id, tenantId, type, payload, JobStatus.RETRYING, attempts, maxAttempts, nextAttemptAt, null,
                reason, idempotencyKey, version, null, createdAt, now, startedAt, null);
    }

    public Job cancel(Instant now) {
        check(JobStatus.CANCELLED);
        return new Job(id, tenantId, type, payload, JobStatus.CANCELLED, attempts, maxAttempts, runAt, null, error,
                idempotencyKey, version, null, createdAt, now, startedAt, now);
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

    /** The same state as stored under {@code newVersion}; used by stores after a successful compare-and-set. */
    public Job withVersion(long newVersion) {
        return new Job(id, tenantId, type, payload, status, attempts, maxAttempts, runAt, result, error,
                idempotencyKey, newVersion, leaseUntil, createdAt, updatedAt, startedAt, finishedAt);
    }

    private void check(JobStatus next) {
        if (!status.canMoveTo(next)) {
            throw new IllegalJobStateChangeException(id, status, next);
        }
    }
}
