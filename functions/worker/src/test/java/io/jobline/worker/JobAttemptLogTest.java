package io.jobline.worker;

import static io.jobline.JobTestBuilder.NOW;
import static io.jobline.JobTestBuilder.aQueuedJob;
import static io.jobline.JobTestBuilder.aSucceededJob;
import static io.jobline.worker.WorkerHandlerTest.batchFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobline.Job;
import io.jobline.Json;
import io.jobline.TestClock;
import io.jobline.cache.InMemoryJobCache;
import io.jobline.logging.CapturedLogs;
import io.jobline.logging.TestContext;
import io.jobline.mail.MailRejectedException;
import io.jobline.mail.MailUnavailableException;
import io.jobline.mail.RecordingMailer;
import io.jobline.metrics.EmfMetrics;
import io.jobline.queue.InMemoryJobQueue;
import io.jobline.ratelimit.ConcurrencyLimiter;
import io.jobline.ratelimit.RateLimiter;
import io.jobline.store.InMemoryJobStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every message the worker handles leaves one "job attempt" line; finished attempts are counted in EMF. */
class JobAttemptLogTest {

    private final InMemoryJobStore store = new InMemoryJobStore();
    private final RecordingMailer mailer = new RecordingMailer();
    private final TestClock clock = new TestClock(NOW);
    private final List<String> emf = new ArrayList<>();
    private final CapturedLogs logs = CapturedLogs.start();
    private final WorkerHandler handler = new WorkerHandler(new Dependencies(store, new InMemoryJobQueue(),
            new InMemoryJobCache(), List.of(new EmailJob(mailer, "jobs@example.com")), Duration.ofMinutes(2), clock,
            () -> {}, Sweep.Schedules.NONE, job -> {}, RateLimiter.NONE, Map.of(), Map.of(), ConcurrencyLimiter.NONE,
            Map.of(), new EmfMetrics("Jobline", "worker", emf::add, clock)));

    @AfterEach
    void tearDown() {
        logs.close();
    }

    private Job stored(Job job) {
        store.insert(job);
        return job;
    }

    private JsonNode onlyAttemptLine() {
        List<JsonNode> lines = logs.withMessage("job attempt");
        assertEquals(1, lines.size(), logs.text());
        return lines.getFirst();
    }

    private List<JsonNode> emfDocuments() throws Exception {
        List<JsonNode> documents = new ArrayList<>();
        for (String line : emf) {
            documents.add(Json.MAPPER.readTree(line));
        }
        return documents;
    }

    @Test
    void aSuccessfulAttemptLeavesOneLineAndCountsItsDurationAndQueueAge() throws Exception {
        Job job = stored(aQueuedJob().build());
        clock.advance(Duration.ofSeconds(3));

        handler.handleRequest(batchFor(job), TestContext.withRequestId("req-7"));

        JsonNode line = onlyAttemptLine();
        assertEquals(job.id().toString(), line.get("jobId").textValue());
        assertEquals(job.tenantId().toString(), line.get("tenant").textValue());
        assertEquals("email.send", line.get("type").textValue());
        assertEquals(1, line.get("attempt").intValue());
        assertEquals("succeeded", line.get("outcome").textValue());
        assertTrue(line.get("durationMs").isIntegralNumber());
        assertEquals("req-7", line.get("requestId").textValue());
        assertNull(line.get("error"));
        assertEquals(1, logs.lines().size(), "nothing else at INFO: " + logs.text());

        List<JsonNode> documents = emfDocuments();
        assertEquals(2, documents.size(), emf.toString());
        for (JsonNode document : documents) {
            assertEquals("worker", document.get("Service").textValue());
            assertEquals(1, document.get("JobsSucceeded").intValue());
            assertTrue(document.get("JobDuration").isNumber());
            assertEquals(3000, document.get("QueueAge").intValue(), "due at NOW, started 3 s later");
        }
        assertEquals("email.send", documents.get(1).get("JobType").textValue());
    }

    @Test
    void aRetryNamesItsErrorAndWhenTheMessageComesBack() throws Exception {
        Job job = stored(aQueuedJob().build());
        mailer.failNext(new MailUnavailableException("Maximum sending rate exceeded.", null));

        handler.handleRequest(batchFor(job), null);

        JsonNode line = onlyAttemptLine();
        assertEquals("retrying", line.get("outcome").textValue());
        assertEquals(MailUnavailableException.class.getName(), line.get("errorClass").textValue());
        assertTrue(line.get("error").textValue().contains("Maximum sending rate exceeded"), line.toString());
        assertTrue(line.get("delayMs").longValue() > 0, line.toString());
        assertNull(line.get("requestId"), "no Lambda context, no request id");
        assertEquals(1, emfDocuments().getFirst().get("JobsRetried").intValue());
    }

    @Test
    void aPermanentFailureIsCountedAsFailed() throws Exception {
        Job job = stored(aQueuedJob().build());
        mailer.failNext(new MailRejectedException("Email address is not verified.", null));

        handler.handleRequest(batchFor(job), null);

        JsonNode line = onlyAttemptLine();
        assertEquals("failed", line.get("outcome").textValue());
        assertTrue(line.get("error").textValue().contains("not verified"), line.toString());
        JsonNode service = emfDocuments().getFirst();
        assertEquals(1, service.get("JobsFailed").intValue());
        assertNull(service.get("JobsSucceeded"));
    }

    @Test
    void aDuplicateDeliveryIsALineButNoMetric() {
        Job done = stored(aSucceededJob().build());

        handler.handleRequest(batchFor(done), null);

        assertEquals("duplicate", onlyAttemptLine().get("outcome").textValue());
        assertTrue(emf.isEmpty(), emf.toString());
    }

    @Test
    void aBatchLeavesALinePerMessageAndFlushesItsMetricsOnce() throws Exception {
        Job first = stored(aQueuedJob().build());
        Job second = stored(aQueuedJob().build());

        handler.handleRequest(batchFor(first, second), null);

        assertEquals(2, logs.withMessage("job attempt").size());
        List<JsonNode> documents = emfDocuments();
        assertEquals(2, documents.size());
        assertEquals(2, documents.getFirst().get("JobsSucceeded").intValue());
        assertEquals(2, documents.getFirst().get("JobDuration").size());
    }
}
