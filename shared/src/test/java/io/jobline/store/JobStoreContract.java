package io.jobline.store;

import static io.jobline.JobTestBuilder.NOW;
import static io.jobline.JobTestBuilder.aQueuedJob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobline.Job;
import io.jobline.JobAttempt;
import io.jobline.JobId;
import io.jobline.JobStatus;
import io.jobline.Json;
import io.jobline.TenantId;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What every {@link JobStore} must do; run against the in-memory fake and PostgreSQL. */
public abstract class JobStoreContract {

    protected abstract JobStore store();

    /** A tenant that exists in the store under test. */
    protected abstract TenantId tenant();

    @Test
    void findsWhatWasInserted() {
        Job job = aQueuedJob().forTenant(tenant()).build();

        store().insert(job);

        Job found = store().find(job.id()).orElseThrow();
        assertEquals(job.id(), found.id());
        assertEquals(job.tenantId(), found.tenantId());
        assertEquals(JobStatus.QUEUED, found.status());
        assertEquals(job.payload(), found.payload());
        assertEquals(job.maxAttempts(), found.maxAttempts());
        assertEquals(job.createdAt(), found.createdAt());
        assertEquals(0, found.version());
    }

    @Test
    void findsNothingForAnUnknownId() {
        assertTrue(store().find(JobId.random()).isEmpty());
    }

    @Test
    void updateWritesTheNextStateAndBumpsTheVersion() {
        Job job = aQueuedJob().forTenant(tenant()).build();
        store().insert(job);

        Job running = store().update(job.start(NOW, Duration.ofMinutes(1))).orElseThrow();
        Job done = store().update(running.succeed(Json.MAPPER.createObjectNode().put("messageId", "m"), NOW))
                .orElseThrow();

        Job found = store().find(job.id()).orElseThrow();
        assertEquals(2, done.version());
        assertEquals(done.version(), found.version());
        assertEquals(JobStatus.SUCCEEDED, found.status());
        assertEquals(1, found.attempts());
        assertEquals("m", found.result().get("messageId").textValue());
        assertEquals(NOW, found.finishedAt());
    }

    @Test
    void onlyOneOfTwoRacingUpdatesWins() {
        Job job = aQueuedJob().forTenant(tenant()).build();
        store().insert(job);

        Optional<Job> first = store().update(job.start(NOW, Duration.ofMinutes(1)));
        Optional<Job> second = store().update(job.start(NOW, Duration.ofMinutes(1)));

        assertTrue(first.isPresent());
        assertTrue(second.isEmpty(), "the second worker's compare-and-set must lose");
        assertEquals(1, store().find(job.id()).orElseThrow().attempts());
    }

    @Test
    void deletesAnUnstartedJob() {
        Job job = aQueuedJob().forTenant(tenant()).build();
        store().insert(job);

        assertTrue(store().deleteUnstarted(job));
        assertTrue(store().find(job.id()).isEmpty());
    }

    @Test
    void doesNotDeleteAJobThatAWorkerAlreadyStarted() {
        Job job = aQueuedJob().forTenant(tenant()).build();
        store().insert(job);
        store().update(job.start(NOW, Duration.ofMinutes(1))).orElseThrow();

        assertFalse(store().deleteUnstarted(job));
        assertTrue(store().find(job.id()).isPresent());
    }

    @Test
    void keepsTheHistoryOfEveryAttempt() {
        Job job = aQueuedJob().forTenant(tenant()).build();
        store().insert(job);

        Job first = store().update(job.start(NOW, Duration.ofMinutes(1), "request-1")).orElseThrow();
        Job retrying = store().update(first.retry("timeout", NOW.plusSeconds(5), NOW.plusSeconds(1))).orElseThrow();
        Job second = store().update(retrying.start(NOW.plusSeconds(6), Duration.ofMinutes(1), "request-2"))
                .orElseThrow();
        store().update(second.succeed(Json.MAPPER.createObjectNode(), NOW.plusSeconds(7))).orElseThrow();

        var attempts = store().attempts(job.id());
        assertEquals(2, attempts.size());
        assertEquals("retrying", attempts.get(0).outcome());
        assertEquals("timeout", attempts.get(0).error());
        assertEquals("request-1", attempts.get(0).workerRequestId());
        assertEquals(NOW.plusSeconds(1), attempts.get(0).finishedAt());
        assertEquals("succeeded", attempts.get(1).outcome());
        assertEquals(NOW.plusSeconds(6), attempts.get(1).startedAt());
    }

    @Test
    void aManualRetryContinuesTheHistoryWithTheNextAttempt() {
        Job job = aQueuedJob().forTenant(tenant()).build();
        store().insert(job);
        Job first = store().update(job.start(NOW, Duration.ofMinutes(1), "request-1")).orElseThrow();
        Job failed = store().update(first.fail("rejected", NOW.plusSeconds(1))).orElseThrow();

        Job requeued = store().update(failed.requeue(NOW.plusSeconds(60))).orElseThrow();
        assertEquals(0, requeued.attempts(), "a manual retry gives a fresh budget");
        Job again = store().update(requeued.start(NOW.plusSeconds(61), Duration.ofMinutes(1), "request-2"))
                .orElseThrow();
        store().update(again.fail("rejected again", NOW.plusSeconds(62))).orElseThrow();

        var attempts = store().attempts(job.id());
        assertEquals(2, attempts.size(), "the retried run is a second entry, not a rewrite of the first");
        assertEquals(List.of(1, 2), attempts.stream().map(JobAttempt::attempt).toList());
        assertEquals("rejected", attempts.get(0).error());
        assertEquals("failed", attempts.get(1).outcome());
        assertEquals("rejected again", attempts.get(1).error());
        assertEquals("request-2", attempts.get(1).workerRequestId());
        assertEquals(NOW.plusSeconds(62), attempts.get(1).finishedAt());
    }

    @Test
    void aRunningJobStoppedByACancelEndsItsAttemptAsCancelled() {
        Job job = aQueuedJob().forTenant(tenant()).build();
        store().insert(job);
        Job running = store().update(job.start(NOW, Duration.ofMinutes(1), "request-1")).orElseThrow();
        Job stopping = store().update(running.requestCancel(NOW.plusSeconds(1))).orElseThrow();
        store().update(stopping.cancel(NOW.plusSeconds(2))).orElseThrow();

        var attempts = store().attempts(job.id());
        assertEquals(1, attempts.size());
        assertEquals("cancelled", attempts.get(0).outcome());
        assertEquals(NOW.plusSeconds(2), attempts.get(0).finishedAt());
    }

    @Test
    void aTakeOverClosesTheLostAttempt() {
        Job job = aQueuedJob().forTenant(tenant()).build();
        store().insert(job);
        Job lost = store().update(job.start(NOW, Duration.ofMinutes(1), "dead-worker")).orElseThrow();

        store().update(lost.start(NOW.plusSeconds(120), Duration.ofMinutes(1), "new-worker")).orElseThrow();

        var attempts = store().attempts(job.id());
        assertEquals("lost", attempts.get(0).outcome());
        assertEquals(2, attempts.get(1).attempt());
        assertEquals(null, attempts.get(1).finishedAt());
    }

    @Test
    void findsWhatTheSweepLooksFor() {
        Job stale = aQueuedJob().forTenant(tenant()).build();
        Job orphan = aQueuedJob().forTenant(tenant()).build();
        store().insert(stale);
        store().insert(orphan);
        store().update(orphan.start(NOW, Duration.ofMinutes(1))).orElseThrow();

        assertTrue(store().findUnchangedSince(JobStatus.QUEUED, NOW.plusSeconds(1), 1000).stream()
                .anyMatch(job -> job.id().equals(stale.id())));
        assertTrue(store().findOrphans(NOW.plusSeconds(61), 1000).stream()
                .anyMatch(job -> job.id().equals(orphan.id())));
        assertTrue(store().findOrphans(NOW.plusSeconds(59), 1000).stream()
                .noneMatch(job -> job.id().equals(orphan.id())));
    }

    @Test
    void keepsPriorityBackoffAndCallback() {
        var spec = new io.jobline.JobSpec("email.send", io.jobline.JobTestBuilder.emailPayload("a@example.com"), 3,
                io.jobline.Priority.HIGH,
                Optional.of(new io.jobline.BackoffPolicy(Duration.ofSeconds(5), Duration.ofSeconds(60))),
                Optional.of(java.net.URI.create("https://hooks.example.com/done")));
        Job job = Job.submit(JobId.random(), tenant(), spec, "key-1", "hash", NOW.plusSeconds(3600), NOW);
        store().insert(job);

        Job found = store().find(job.id()).orElseThrow();
        assertEquals(JobStatus.SCHEDULED, found.status());
        assertEquals(io.jobline.Priority.HIGH, found.priority());
        assertEquals(Duration.ofSeconds(5), found.backoff().base());
        assertEquals("https://hooks.example.com/done", found.callbackUrl());
        assertEquals("hash", found.requestHash());
    }

    /** A job of type {@code type}, created at {@code createdAt}, that failed there with {@code error}. */
    private static Job failedJob(TenantId owner, String type, java.time.Instant createdAt, String error) {
        return Job.submit(JobId.random(), owner, new io.jobline.JobSpec(type, Json.MAPPER.createObjectNode(), 5), null,
                createdAt).start(createdAt, Duration.ofMinutes(2)).fail(error, createdAt);
    }

    @Test
    void findsFailedJobsByTypeErrorTextAndCreationWindow() {
        // A type of this test's own: the tenant is shared by the contract's tests.
        String type = "find.failed." + JobId.random();
        Job before = failedJob(tenant(), type, NOW.minusSeconds(60), "Timeout");
        Job atStart = failedJob(tenant(), type, NOW, "read TIMEOUT");
        Job inside = failedJob(tenant(), type, NOW.plusSeconds(30), "timeout again");
        Job otherError = failedJob(tenant(), type, NOW.plusSeconds(31), "refused");
        Job atEnd = failedJob(tenant(), type, NOW.plusSeconds(60), "timeout");
        for (Job job : new Job[] {before, atStart, inside, otherError, atEnd}) {
            store().insert(job);
        }
        FailedJobFilter filter = new FailedJobFilter(tenant(), Optional.of(type), Optional.empty(),
                Optional.of("timeout"), Optional.of(NOW), Optional.of(NOW.plusSeconds(60)));

        java.util.List<JobId> found = store().findFailed(filter, 10).stream().map(Job::id).toList();

        assertEquals(java.util.List.of(atStart.id(), inside.id()), found, "createdAfter inclusive, before exclusive");
    }
}
