package io.jobline.worker;

import static io.jobline.JobTestBuilder.NOW;
import static io.jobline.JobTestBuilder.aQueuedJob;
import static io.jobline.JobTestBuilder.aRunningJob;
import static io.jobline.JobTestBuilder.aSucceededJob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobline.Job;
import io.jobline.JobId;
import io.jobline.JobSpec;
import io.jobline.JobStatus;
import io.jobline.JobTestBuilder;
import io.jobline.TenantId;
import io.jobline.TestClock;
import io.jobline.logging.CapturedLogs;
import io.jobline.queue.InMemoryJobQueue;
import io.jobline.queue.JobMessage;
import io.jobline.queue.JobQueue;
import io.jobline.store.InMemoryJobStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class SweepTest {

    private final InMemoryJobStore store = new InMemoryJobStore();
    private final InMemoryJobQueue queue = new InMemoryJobQueue();
    private final TestClock clock = new TestClock(NOW);
    private final List<Job> finished = new CopyOnWriteArrayList<>();
    private final Sweep.Settings settings =
            new Sweep.Settings(500, Duration.ofMinutes(5), Duration.ofDays(7), Duration.ofDays(30));

    private Sweep sweep(Sweep.Schedules schedules) {
        return new Sweep(store, queue, schedules, clock, settings, finished::add);
    }

    private Sweep sweep() {
        return sweep(Sweep.Schedules.NONE);
    }

    private Job stored(Job job) {
        store.insert(job);
        return job;
    }

    private Job reload(Job job) {
        return store.find(job.id()).orElseThrow();
    }

    @Test
    void aQueuedJobWhoseMessageWasLostIsQueuedAgain() {
        Job lost = stored(aQueuedJob().build());
        clock.advance(Duration.ofMinutes(6));

        Sweep.Report report = sweep().run();

        assertEquals(1, report.requeued());
        assertEquals(List.of(lost.id()), queue.sent().stream().map(InMemoryJobQueue.Sent::jobId).toList());
        assertEquals(JobStatus.QUEUED, reload(lost).status());
    }

    @Test
    void aFreshQueuedJobIsLeftToItsMessage() {
        stored(aQueuedJob().build());
        clock.advance(Duration.ofMinutes(1));

        assertEquals(0, sweep().run().requeued());
        assertTrue(queue.sent().isEmpty());
    }

    @Test
    void anOrphanWithAttemptsLeftIsRetried() {
        Job orphan = stored(aRunningJob().build());
        clock.advance(Duration.ofMinutes(3));

        Sweep.Report report = sweep().run();

        assertEquals(1, report.orphansRetried());
        Job recovered = reload(orphan);
        assertEquals(JobStatus.RETRYING, recovered.status());
        assertTrue(recovered.error().contains("lost its worker"));
        assertEquals(1, queue.sent().size());
    }

    @Test
    void anOrphanOnItsLastAttemptFails() {
        Job orphan = stored(aRunningJob().withMaxAttempts(1).build());
        clock.advance(Duration.ofMinutes(3));

        Sweep.Report report = sweep().run();

        assertEquals(1, report.orphansFailed());
        assertEquals(JobStatus.FAILED, reload(orphan).status());
        assertEquals(List.of(orphan.id()), finished.stream().map(Job::id).toList());
        assertTrue(queue.sent().isEmpty());
    }

    @Test
    void aScheduledJobIsQueuedWhenItIsDueWithinTheQueueDelay() {
        Job later = stored(Job.submit(JobId.random(), TenantId.random(),
                new JobSpec("email.send", JobTestBuilder.emailPayload("a@example.com"), 5), null, null,
                NOW.plus(Duration.ofHours(2)), NOW));
        assertEquals(JobStatus.SCHEDULED, later.status());

        clock.advance(Duration.ofMinutes(100));
        sweep().run();
        assertEquals(JobStatus.SCHEDULED, reload(later).status(), "not yet within 15 minutes");

        clock.advance(Duration.ofMinutes(10));
        Sweep.Report report = sweep().run();

        assertEquals(1, report.scheduledQueued());
        assertEquals(JobStatus.QUEUED, reload(later).status());
        assertEquals(Duration.ofMinutes(10), queue.sent().getFirst().delay(), "the rest of the wait rides on SQS");
    }

    @Test
    void aDeadLetteredJobIsMarkedFailedAndItsLetterRemoved() {
        Job poison = stored(aRunningJob().build());
        var letter = new JobQueue.DeadLetter("dlq", "receipt", JobMessage.body(poison.id()), 30);
        queue.plantDeadLetter(letter);

        Sweep.Report report = sweep().run();

        assertEquals(1, report.deadLettered());
        Job failed = reload(poison);
        assertEquals(JobStatus.FAILED, failed.status());
        assertTrue(failed.error().startsWith("Dead-lettered"));
        assertTrue(queue.deadLetters().isEmpty());
    }

    @Test
    void finishedJobsPastTheirRetentionAreDeleted() {
        Job old = stored(aSucceededJob().build());
        clock.advance(Duration.ofDays(8));

        assertEquals(1, sweep().run().deleted());
        assertTrue(store.find(old.id()).isEmpty());
    }

    @Test
    void scheduleOccurrencesAreQueued() {
        Job occurrence = stored(aQueuedJob().build());

        Sweep.Report report = sweep((now, limit) -> List.of(occurrence)).run();

        assertEquals(1, report.occurrencesFired());
        assertEquals(occurrence.id(), queue.sent().getFirst().jobId());
    }

    @Test
    void twoSweepsAtOnceQueueEachLostJobOnce() throws InterruptedException {
        List<Job> lost = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            lost.add(stored(aQueuedJob().build()));
        }
        clock.advance(Duration.ofMinutes(6));
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> sweeps = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            sweeps.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                sweep().run();
            }));
        }
        start.countDown();
        for (Thread thread : sweeps) {
            thread.join();
        }

        assertEquals(lost.size(), queue.sent().size());
        assertEquals(lost.size(), queue.sent().stream().map(InMemoryJobQueue.Sent::jobId).distinct().count());
    }

    @Test
    void anOutageSkipsAStepWithoutStoppingTheSweep() {
        queue.setDown(true);
        stored(aQueuedJob().build());
        stored(aSucceededJob().build());
        clock.advance(Duration.ofDays(8));

        Sweep.Report report = sweep().run();

        assertTrue(report.problems() >= 1);
        assertEquals(0, report.requeued());
        assertEquals(1, report.deleted(), "the last step, which needs no queue, still ran");
    }

    @Test
    void aRunLogsOneSweepLineWithEachCountAsAField() {
        // Regression: the report was logged as a JSON string inside "message", out of reach of log queries.
        stored(aQueuedJob().build());
        clock.advance(Duration.ofMinutes(6));

        try (CapturedLogs logs = CapturedLogs.start()) {
            sweep().run();

            List<JsonNode> lines = logs.withMessage("sweep");
            assertEquals(1, lines.size(), logs.text());
            JsonNode line = lines.getFirst();
            assertEquals(1, line.get("requeued").intValue());
            for (String count : List.of("orphansRetried", "orphansFailed", "scheduledQueued", "occurrencesFired",
                    "deadLettered", "deleted", "problems")) {
                assertEquals(0, line.get(count).intValue(), count);
            }
            assertTrue(line.get("durationMs").isIntegralNumber());
        }
    }
}
