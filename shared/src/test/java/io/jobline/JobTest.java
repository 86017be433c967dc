package io.jobline;

import static io.jobline.JobTestBuilder.NOW;
import static io.jobline.JobTestBuilder.aFailedJob;
import static io.jobline.JobTestBuilder.aQueuedJob;
import static io.jobline.JobTestBuilder.aRunningJob;
import static io.jobline.JobTestBuilder.aSucceededJob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JobTest {

    private static final Duration LEASE = Duration.ofMinutes(2);

    @Test
    void aSubmittedJobIsQueuedWithNoAttempts() {
        Job job = aQueuedJob().build();

        assertEquals(JobStatus.QUEUED, job.status());
        assertEquals(0, job.attempts());
        assertEquals(0, job.version());
    }

    @Test
    void startingCountsAnAttemptAndTakesALease() {
        Job running = aQueuedJob().build().start(NOW, LEASE);

        assertEquals(JobStatus.RUNNING, running.status());
        assertEquals(1, running.attempts());
        assertEquals(NOW.plus(LEASE), running.leaseUntil());
        assertEquals(NOW, running.startedAt());
    }

    @Test
    void succeedingKeepsTheResultAndReleasesTheLease() {
        Job done = aRunningJob().build().succeed(Json.MAPPER.createObjectNode().put("messageId", "x"), NOW);

        assertEquals(JobStatus.SUCCEEDED, done.status());
        assertEquals("x", done.result().get("messageId").textValue());
        assertNull(done.leaseUntil());
        assertEquals(NOW, done.finishedAt());
        assertTrue(done.isFinished());
    }

    @Test
    void retryingRecordsTheErrorAndWhenTheNextAttemptIsDue() {
        Job retrying = aRunningJob().build().retry("timeout", NOW.plusSeconds(30), NOW);

        assertEquals(JobStatus.RETRYING, retrying.status());
        assertEquals("timeout", retrying.error());
        assertEquals(NOW.plusSeconds(30), retrying.runAt());
        assertFalse(retrying.isFinished());
    }

    @Test
    void aJobCannotStartMoreOftenThanItsMaxAttempts() {
        Job lastAttempt = aRunningJob().withMaxAttempts(2).startedTimes(2).build();

        assertFalse(lastAttempt.hasAttemptsLeft());
        // Running may restart (a lost lease), so only the attempt count can refuse this start.
        var refused = assertThrows(IllegalStateException.class, () -> lastAttempt.start(NOW, LEASE));
        assertEquals("Job " + lastAttempt.id() + " has used all 2 attempts", refused.getMessage());
        assertThrows(IllegalStateException.class, () -> lastAttempt.retry("again", NOW, NOW));
    }

    @Test
    void aSucceededJobNeverRunsAgain() {
        Job done = aSucceededJob().build();

        var refused = assertThrows(IllegalJobStateChangeException.class, () -> done.start(NOW, LEASE));
        assertEquals(JobStatus.SUCCEEDED, refused.from());
        assertEquals(JobStatus.RUNNING, refused.to());
    }

    @Test
    void aFailedJobCannotSucceedLater() {
        Job failed = aFailedJob().build();

        assertThrows(IllegalJobStateChangeException.class, () -> failed.succeed(null, NOW));
    }

    @Test
    void aQueuedJobCannotSucceedWithoutRunning() {
        assertThrows(IllegalJobStateChangeException.class, () -> aQueuedJob().build().succeed(null, NOW));
    }

    @Test
    void aRunningJobLosesItsWorkerWhenTheLeasePasses() {
        Job running = aRunningJob().build();

        assertFalse(running.hasLostItsWorker(running.leaseUntil().minusMillis(1)));
        assertTrue(running.hasLostItsWorker(running.leaseUntil()));
    }

    @ParameterizedTest
    @EnumSource(value = JobStatus.class, names = {"SUCCEEDED", "FAILED", "CANCELLED"})
    void finishedStatusesCannotMoveToRunning(JobStatus finished) {
        assertTrue(finished.isFinished());
        assertFalse(finished.canMoveTo(JobStatus.RUNNING));
    }

    @Test
    void succeededIsFinal() {
        for (JobStatus next : JobStatus.values()) {
            assertFalse(JobStatus.SUCCEEDED.canMoveTo(next), "succeeded -> " + next);
        }
    }

    @Test
    void wireNamesRoundTrip() {
        for (JobStatus status : JobStatus.values()) {
            assertEquals(status, JobStatus.fromWireName(status.wireName()));
        }
    }

    @Test
    void aJobWaitingForItsLimitIsDueAtItsSlotAndKeepsItsStatus() {
        Job waiting = aQueuedJob().build().waitForLimit(NOW.plusSeconds(30), NOW.plusSeconds(1));

        assertEquals(JobStatus.QUEUED, waiting.status());
        assertEquals(NOW.plusSeconds(30), waiting.runAt());
        assertEquals(NOW.plusSeconds(1), waiting.updatedAt());
        assertThrows(IllegalJobStateChangeException.class,
                () -> aRunningJob().build().waitForLimit(NOW.plusSeconds(30), NOW));
    }
}
