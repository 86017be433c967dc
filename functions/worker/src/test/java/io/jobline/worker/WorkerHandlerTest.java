package io.jobline.worker;

import static io.jobline.JobTestBuilder.NOW;
import static io.jobline.JobTestBuilder.aQueuedJob;
import static io.jobline.JobTestBuilder.aSucceededJob;
import static io.jobline.JobTestBuilder.emailPayload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import io.jobline.Job;
import io.jobline.JobStatus;
import io.jobline.TestClock;
import io.jobline.cache.InMemoryJobCache;
import io.jobline.mail.MailRejectedException;
import io.jobline.mail.MailUnavailableException;
import io.jobline.mail.RecordingMailer;
import io.jobline.queue.InMemoryJobQueue;
import io.jobline.queue.JobMessage;
import io.jobline.store.InMemoryJobStore;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerHandlerTest {

    private static final Duration LEASE = Duration.ofMinutes(2);

    private final InMemoryJobStore store = new InMemoryJobStore();
    private final InMemoryJobQueue queue = new InMemoryJobQueue();
    private final InMemoryJobCache cache = new InMemoryJobCache();
    private final RecordingMailer mailer = new RecordingMailer();
    private final TestClock clock = new TestClock(NOW);
    private final WorkerHandler handler = new WorkerHandler(new Dependencies(
            store, queue, cache, List.of(new EmailJob(mailer, "jobs@example.com")), LEASE, clock, () -> {}));

    /** The fixture batch, its messages carrying the given jobs' ids in order. */
    static SQSEvent batchFor(Job... jobs) {
        SQSEvent event = EventLoader.loadSQSEvent("events/sqs-batch.json");
        List<SQSEvent.SQSMessage> records = event.getRecords().subList(0, jobs.length);
        for (int i = 0; i < jobs.length; i++) {
            records.get(i).setBody(JobMessage.body(jobs[i].id()));
        }
        event.setRecords(records);
        return event;
    }

    private Job stored(Job job) {
        store.insert(job);
        return job;
    }

    private Job reload(Job job) {
        return store.find(job.id()).orElseThrow();
    }

    private static List<String> failedMessageIds(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .toList();
    }

    @Test
    void runsEveryJobInTheBatchAndCachesTheResults() {
        Job first = stored(aQueuedJob().build());
        Job second = stored(aQueuedJob().withPayload(emailPayload("bob@example.com")).build());

        SQSBatchResponse response = handler.handleRequest(batchFor(first, second), null);

        assertTrue(response.getBatchItemFailures().isEmpty());
        assertEquals(2, mailer.sent().size());
        assertEquals("jobs@example.com", mailer.sent().getFirst().from());
        for (Job job : List.of(first, second)) {
            Job done = reload(job);
            assertEquals(JobStatus.SUCCEEDED, done.status());
            assertEquals(1, done.attempts());
            assertTrue(done.result().get("messageId").textValue().startsWith("test-message-"));
            assertEquals(done, cache.get(job.id()).orElseThrow());
        }
    }

    @Test
    void aDuplicateDeliveryOfAFinishedJobSendsNothing() {
        Job done = stored(aSucceededJob().build());

        SQSBatchResponse response = handler.handleRequest(batchFor(done), null);

        assertTrue(response.getBatchItemFailures().isEmpty(), "acknowledged");
        assertTrue(mailer.sent().isEmpty(), "no second email");
        assertEquals(done, reload(done));
    }

    @Test
    void aRedeliveryAfterSuccessSendsNoSecondEmail() {
        Job job = stored(aQueuedJob().build());
        SQSEvent event = batchFor(job);

        handler.handleRequest(event, null);
        handler.handleRequest(event, null);

        assertEquals(1, mailer.sent().size());
    }

    @Test
    void oneRetryableFailureDoesNotFailTheRestOfTheBatch() {
        Job throttled = stored(aQueuedJob().build());
        Job fine = stored(aQueuedJob().build());
        mailer.failNext(new MailUnavailableException("Maximum sending rate exceeded.", null));

        SQSEvent event = batchFor(throttled, fine);
        SQSBatchResponse response = handler.handleRequest(event, null);

        assertEquals(List.of(event.getRecords().getFirst().getMessageId()), failedMessageIds(response));
        Job retrying = reload(throttled);
        assertEquals(JobStatus.RETRYING, retrying.status());
        assertEquals(1, retrying.attempts());
        assertTrue(retrying.error().contains("Maximum sending rate exceeded"), retrying.error());
        assertTrue(retrying.runAt().isAfter(NOW), "next attempt is in the future");
        assertNull(retrying.leaseUntil());
        assertEquals(JobStatus.SUCCEEDED, reload(fine).status());
        var redelivery = queue.redeliveries().getFirst();
        assertEquals(event.getRecords().getFirst().getReceiptHandle(), redelivery.receiptHandle());
        assertEquals(Duration.between(NOW, retrying.runAt()), redelivery.delay());
    }

    @Test
    void aRetriedJobRunsAgainOnceDue() {
        Job job = stored(aQueuedJob().build());
        mailer.failNext(new MailUnavailableException("timeout", null));
        SQSEvent event = batchFor(job);
        handler.handleRequest(event, null);

        SQSBatchResponse early = handler.handleRequest(event, null);
        clock.advance(Duration.ofMinutes(20));
        SQSBatchResponse due = handler.handleRequest(event, null);

        assertEquals(1, early.getBatchItemFailures().size(), "not due yet: comes back later");
        // Regression: the wait had a second added on top, to make up for the queue rounding it down.
        assertEquals(Duration.between(NOW, reload(job).runAt()), queue.redeliveries().getLast().delay(),
                "comes back when due, not a second after");
        assertTrue(due.getBatchItemFailures().isEmpty());
        Job done = reload(job);
        assertEquals(JobStatus.SUCCEEDED, done.status());
        assertEquals(2, done.attempts());
        assertNull(done.error());
    }

    @Test
    void aPermanentRejectionFailsAtOnce() {
        Job job = stored(aQueuedJob().build());
        mailer.failNext(new MailRejectedException("SES rejected the message: MessageRejected", null));

        SQSBatchResponse response = handler.handleRequest(batchFor(job), null);

        assertTrue(response.getBatchItemFailures().isEmpty(), "no retry for a permanent error");
        Job failed = reload(job);
        assertEquals(JobStatus.FAILED, failed.status());
        assertEquals(1, failed.attempts());
        assertTrue(failed.error().contains("MessageRejected"));
        assertEquals(failed, cache.get(job.id()).orElseThrow());
    }

    @Test
    void theLastAttemptsFailureFailsTheJob() {
        Job job = stored(aQueuedJob().withMaxAttempts(1).build());
        mailer.failNext(new MailUnavailableException("timeout", null));

        SQSBatchResponse response = handler.handleRequest(batchFor(job), null);

        assertTrue(response.getBatchItemFailures().isEmpty());
        assertEquals(JobStatus.FAILED, reload(job).status());
    }

    @Test
    void aJobRunningElsewhereIsLeftAlone() {
        Job job = stored(aQueuedJob().build());
        store.update(job.start(NOW, LEASE)).orElseThrow();

        SQSBatchResponse response = handler.handleRequest(batchFor(job), null);

        assertEquals(1, response.getBatchItemFailures().size(), "comes back to check later");
        assertTrue(mailer.sent().isEmpty());
        assertEquals(JobStatus.RUNNING, reload(job).status());
    }

    @Test
    void aJobWhoseWorkerDiedIsTakenOverAsANewAttempt() {
        Job job = stored(aQueuedJob().build());
        store.update(job.start(NOW, LEASE)).orElseThrow();
        clock.advance(LEASE.plusSeconds(1));

        SQSBatchResponse response = handler.handleRequest(batchFor(job), null);

        assertTrue(response.getBatchItemFailures().isEmpty());
        assertEquals(1, mailer.sent().size());
        Job done = reload(job);
        assertEquals(JobStatus.SUCCEEDED, done.status());
        assertEquals(2, done.attempts());
    }

    @Test
    void aJobWhoseLastAttemptLostItsWorkerFails() {
        Job job = stored(aQueuedJob().withMaxAttempts(1).build());
        store.update(job.start(NOW, LEASE)).orElseThrow();
        clock.advance(LEASE.plusSeconds(1));

        handler.handleRequest(batchFor(job), null);

        Job failed = reload(job);
        assertEquals(JobStatus.FAILED, failed.status());
        assertTrue(failed.error().contains("lost its worker"), failed.error());
        assertTrue(mailer.sent().isEmpty());
    }

    @Test
    void messagesWithoutAJobAreDropped() {
        SQSEvent event = EventLoader.loadSQSEvent("events/sqs-batch.json");
        event.getRecords().get(1).setBody("not json");
        event.getRecords().get(2).setBody("{\"jobId\":\"nope\"}");

        SQSBatchResponse response = handler.handleRequest(event, null);

        assertTrue(response.getBatchItemFailures().isEmpty(), "retrying cannot help; nothing to lose");
        assertTrue(mailer.sent().isEmpty());
    }

    @Test
    void whenTheDatabaseIsDownEveryMessageComesBackAndNothingIsSent() {
        Job first = stored(aQueuedJob().build());
        Job second = stored(aQueuedJob().build());
        store.setDown(true);

        SQSBatchResponse response = handler.handleRequest(batchFor(first, second), null);

        assertEquals(2, response.getBatchItemFailures().size());
        assertTrue(mailer.sent().isEmpty());
        store.setDown(false);
        assertEquals(JobStatus.QUEUED, reload(first).status());
    }

    @Test
    void unknownJobTypesFailWithoutRetrying() {
        Job job = stored(new Job(io.jobline.JobId.random(), aQueuedJob().build().tenantId(), "fax.send",
                emailPayload("a@example.com"), JobStatus.QUEUED, 0, 5, NOW, null, null, null, 0, null, NOW, NOW,
                null, null, io.jobline.Priority.NORMAL, false, null, null, null, null, null));

        SQSBatchResponse response = handler.handleRequest(batchFor(job), null);

        assertTrue(response.getBatchItemFailures().isEmpty());
        assertEquals(JobStatus.FAILED, reload(job).status());
    }

    @Test
    void primingRunsWithoutAnyService() {
        WorkerHandler.prime();
    }

    @Test
    void theSnapshotHookDropsTheConnections() {
        var dropped = new java.util.concurrent.atomic.AtomicInteger();
        var hooked = new WorkerHandler(new Dependencies(store, queue, cache, List.of(), LEASE, clock,
                dropped::incrementAndGet));

        hooked.snapStartHooks().simulateSnapshotAndRestore();

        assertEquals(1, dropped.get());
    }

    /** A job type that runs in steps: reports progress, and stops when asked to. */
    private static final class StepsJob implements JobRunner {
        private final java.util.concurrent.atomic.AtomicReference<JobContext> running = new java.util.concurrent.atomic.AtomicReference<>();
        private final java.util.function.Consumer<JobContext> betweenSteps;

        StepsJob(java.util.function.Consumer<JobContext> betweenSteps) {
            this.betweenSteps = betweenSteps;
        }

        @Override
        public String type() {
            return "email.send";
        }

        @Override
        public com.fasterxml.jackson.databind.JsonNode run(Job job, JobContext context) {
            running.set(context);
            context.reportProgress(50, "half way");
            betweenSteps.accept(context);
            if (context.isCancelRequested()) {
                throw new JobCancelledException("stopped after step 1");
            }
            context.reportProgress(100, "done");
            return io.jobline.Json.MAPPER.createObjectNode().put("steps", 2);
        }
    }

    private WorkerHandler handlerRunning(JobRunner runner) {
        return new WorkerHandler(new Dependencies(store, queue, cache, List.of(runner), LEASE, clock, () -> {}));
    }

    @Test
    void progressIsRecordedWhileAJobRunsAndTheOutcomeStillLands() {
        Job job = stored(aQueuedJob().build());
        var progressSeen = new java.util.concurrent.atomic.AtomicReference<io.jobline.Progress>();

        handlerRunning(new StepsJob(context -> progressSeen.set(reload(job).progress()))).handleRequest(batchFor(job), null);

        assertEquals(50, progressSeen.get().percent());
        assertEquals("half way", progressSeen.get().message());
        Job done = reload(job);
        assertEquals(JobStatus.SUCCEEDED, done.status());
        assertEquals(100, done.progress().percent());
    }

    @Test
    void aRunningJobAskedToCancelStopsBetweenSteps() {
        Job job = stored(aQueuedJob().build());

        handlerRunning(new StepsJob(context -> store.update(reload(job).requestCancel(NOW)).orElseThrow()))
                .handleRequest(batchFor(job), null);

        Job cancelled = reload(job);
        assertEquals(JobStatus.CANCELLED, cancelled.status());
        assertEquals(50, cancelled.progress().percent());
    }

    @Test
    void aCancelRequestedDuringAFailedAttemptCancelsInsteadOfRetrying() {
        Job job = stored(aQueuedJob().build());
        JobRunner failing = new StepsJob(context -> {
            store.update(reload(job).requestCancel(NOW)).orElseThrow();
            throw new IllegalStateException("downstream timeout");
        });

        SQSBatchResponse response = handlerRunning(failing).handleRequest(batchFor(job), null);

        assertTrue(response.getBatchItemFailures().isEmpty());
        assertEquals(JobStatus.CANCELLED, reload(job).status());
    }

    /** A worker whose rate limiter gives every email job a slot {@code wait} away. */
    private WorkerHandler rateLimitedHandler(Duration wait) {
        return new WorkerHandler(new Dependencies(store, queue, cache,
                List.of(new EmailJob(mailer, "jobs@example.com")), LEASE, clock, () -> {},
                Sweep.Schedules.NONE, finished -> {},
                (bucket, jobId, rate) -> wait,
                java.util.Map.of("email.send", new io.jobline.ratelimit.Rate(14, 14)), java.util.Map.of(),
                io.jobline.ratelimit.ConcurrencyLimiter.NONE, java.util.Map.of()));
    }

    /** A worker for which email jobs are always at their concurrency limit of 2. */
    private WorkerHandler handlerAtItsConcurrencyLimit() {
        var busy = new io.jobline.ratelimit.ConcurrencyLimiter() {
            @Override
            public boolean tryAcquire(String bucket, String jobId, int limit, Duration lease) {
                return false;
            }

            @Override
            public void release(String bucket, String jobId) {}
        };
        return new WorkerHandler(new Dependencies(store, queue, cache,
                List.of(new EmailJob(mailer, "jobs@example.com")), LEASE, clock, () -> {},
                Sweep.Schedules.NONE, finished -> {}, io.jobline.ratelimit.RateLimiter.NONE, java.util.Map.of(),
                java.util.Map.of(), busy, java.util.Map.of("email.send", 2)));
    }

    @Test
    void overItsRateLimitAJobWaitsForItsSlotInsteadOfFailing() {
        Job job = stored(aQueuedJob().build());
        var limited = rateLimitedHandler(Duration.ofSeconds(3));

        SQSBatchResponse response = limited.handleRequest(batchFor(job), null);

        assertEquals(1, response.getBatchItemFailures().size());
        assertEquals(Duration.ofSeconds(3), queue.redeliveries().getFirst().delay());
        assertTrue(mailer.sent().isEmpty());
        Job waiting = reload(job);
        assertEquals(JobStatus.QUEUED, waiting.status());
        assertEquals(0, waiting.attempts(), "waiting for a slot uses no attempt");
    }

    @Test
    void overItsConcurrencyLimitAJobWaitsLongerWithEachDelivery() {
        Job job = stored(aQueuedJob().build());
        var limited = handlerAtItsConcurrencyLimit();
        SQSEvent event = batchFor(job);
        event.getRecords().getFirst().setAttributes(java.util.Map.of("ApproximateReceiveCount", "4"));

        SQSBatchResponse response = limited.handleRequest(event, null);

        assertEquals(1, response.getBatchItemFailures().size());
        assertEquals(Duration.ofSeconds(16), queue.redeliveries().getFirst().delay());
        assertTrue(mailer.sent().isEmpty());
        assertEquals(0, reload(job).attempts());
    }

    @Test
    void aTakenOverJobOfARateLimitedTypeWaitsForItsSlot() {
        // Regression: a take-over ran the job at once, past its type's rate limit.
        Job job = stored(aQueuedJob().build());
        store.update(job.start(NOW, LEASE)).orElseThrow();
        clock.advance(LEASE.plusSeconds(1));
        var limited = rateLimitedHandler(Duration.ofSeconds(3));

        SQSBatchResponse response = limited.handleRequest(batchFor(job), null);

        assertEquals(1, response.getBatchItemFailures().size());
        assertEquals(Duration.ofSeconds(3), queue.redeliveries().getFirst().delay());
        assertTrue(mailer.sent().isEmpty());
        assertEquals(1, reload(job).attempts(), "no new attempt until its slot comes");
    }

    @Test
    void aTakenOverJobOfATypeAtItsConcurrencyLimitIsNotRun() {
        // Regression: a take-over ran the job at once, past its type's concurrency limit.
        Job job = stored(aQueuedJob().build());
        store.update(job.start(NOW, LEASE)).orElseThrow();
        clock.advance(LEASE.plusSeconds(1));
        var limited = handlerAtItsConcurrencyLimit();

        SQSBatchResponse response = limited.handleRequest(batchFor(job), null);

        assertEquals(1, response.getBatchItemFailures().size());
        assertTrue(mailer.sent().isEmpty());
        assertEquals(1, reload(job).attempts(), "no new attempt while the type is at its limit");
    }

    @Test
    void aJobWaitingForItsRateLimitSlotIsNotTakenForLostByTheSweep() {
        // Regression: the row kept its old runAt, so after 5 minutes the sweep sent a second message with no delay.
        Job job = stored(aQueuedJob().build());

        rateLimitedHandler(Duration.ofMinutes(10)).handleRequest(batchFor(job), null);
        clock.advance(Duration.ofMinutes(6));
        Sweep.Report report = new Sweep(store, queue, Sweep.Schedules.NONE, clock,
                new Sweep.Settings(500, Duration.ofMinutes(5), Duration.ofDays(7), Duration.ofDays(30)),
                finished -> {}).run();

        Job waiting = reload(job);
        assertEquals(JobStatus.QUEUED, waiting.status());
        assertEquals(NOW.plus(Duration.ofMinutes(10)), waiting.runAt(), "due when its slot comes");
        assertEquals(0, report.requeued());
        assertTrue(queue.sent().isEmpty(), "no second message: " + queue.sent());
    }
}
