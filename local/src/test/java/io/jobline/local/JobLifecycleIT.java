package io.jobline.local;

import static io.jobline.local.EmailJobs.address;
import static io.jobline.local.EmailJobs.email;
import static io.jobline.local.EmailJobs.spec;
import static io.jobline.local.EndToEndScenarios.FINISH_TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobline.Job;
import io.jobline.JobId;
import io.jobline.JobStatus;
import io.jobline.Json;
import io.jobline.TenantId;
import io.jobline.queue.JobMessage;
import io.jobline.store.PostgresJobStore;
import io.jobline.tenant.ApiKey;
import io.jobline.worker.Sweep;
import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The job lifecycle through HTTP on the local stack: retries with backoff, cancel, retry and bulk retry, the sweep's
 * recoveries, delays past the queue's 15 minutes, schedules, and idempotency. Time moves on a clock the test shifts.
 */
class JobLifecycleIT {

    /** The sweep runs only when a test says so. */
    @RegisterExtension
    static final ManualSweepJobline stack = new ManualSweepJobline();

    private ApiKey key;
    private TenantId tenant;

    @BeforeEach
    void newTenant() {
        key = stack.jobline().issueKey("lifecycle-" + UUID.randomUUID());
        tenant = stack.tenantOf(key);
    }

    private String submitted(String body) {
        JoblineClient.Response response = stack.client().submit(key.secret(), body);
        assertTrue(response.status() == 202, response.raw().body());
        return response.json().get("id").textValue();
    }

    private JsonNode finished(String id) {
        JoblineClient.Response response = stack.client().awaitFinished(key.secret(), id, FINISH_TIMEOUT);
        assertTrue(JoblineClient.isFinished(response), "finished in time: " + response.raw().body());
        return response.json();
    }

    private JoblineClient.Response post(String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(stack.jobline().url().resolve(path))
                .header("Authorization", "Bearer " + key.secret());
        if (body == null) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        }
        return stack.client().send(request);
    }

    private Job storedJob(Job job) {
        new PostgresJobStore(stack.jobline().dataSource()).insert(job);
        return job;
    }

    @Test
    void aJobThatFailsTwiceThenSucceedsShowsThreeAttemptsAndItsBackoff() {
        String to = address("flaky");
        awaitIdle();
        // The SDK tries a throttled send four times itself; eight refusals fail two of the job's attempts.
        stack.jobline().ses().orElseThrow().throttle(8);

        String id = submitted(email(to, ",\"backoff\":{\"type\":\"exponential\",\"baseSeconds\":1,\"maxSeconds\":2}"));
        JsonNode job = finished(id);

        assertEquals("succeeded", job.get("status").textValue(), job.toString());
        assertEquals(3, job.get("attempts").intValue());
        JsonNode attempts = stack.client().send(HttpRequest
                .newBuilder(stack.jobline().url().resolve("/jobs/" + id + "/attempts"))
                .header("Authorization", "Bearer " + key.secret()).GET()).json().get("attempts");
        assertEquals(List.of("retrying", "retrying", "succeeded"),
                List.of(attempts.get(0).get("outcome").textValue(), attempts.get(1).get("outcome").textValue(),
                        attempts.get(2).get("outcome").textValue()));
        assertTrue(attempts.get(0).get("error").textValue().contains("Maximum sending rate exceeded"));
        for (int i = 0; i < 2; i++) {
            Duration backoff = Duration.between(Instant.parse(attempts.get(i).get("finishedAt").textValue()),
                    Instant.parse(attempts.get(i + 1).get("startedAt").textValue()));
            assertTrue(backoff.compareTo(Duration.ofMillis(900)) >= 0, "waited between attempts: " + backoff);
        }
        assertEquals(1, stack.mailTo(to));
    }

    @Test
    void aJobCancelledBeforeItRunsNeverSendsMail() {
        String to = address("cancelled");
        // Long enough that a loaded machine still cancels before the queue delivers it.
        String id = submitted(email(to, ",\"delaySeconds\":5"));

        JoblineClient.Response cancel = post("/jobs/" + id + "/cancel", null);

        assertEquals(200, cancel.status(), cancel.raw().body());
        assertEquals("cancelled", cancel.json().get("status").textValue());
        JoblineClient.pause(Duration.ofSeconds(6));
        assertEquals(0, stack.mailTo(to));
        assertEquals("cancelled", stack.client().get(key.secret(), id).json().get("status").textValue());
    }

    @Test
    void aJobWhoseMessageWasLostIsQueuedBySweep() {
        String to = address("lost");
        Job lost = storedJob(Job.submit(JobId.random(), tenant, spec(to), null, stack.clock().instant()));

        stack.clock().shift(Duration.ofMinutes(6));
        Sweep.Report report = stack.jobline().sweepNow();

        assertTrue(report.requeued() >= 1, report.toString());
        assertEquals("succeeded", finished(lost.id().toString()).get("status").textValue());
        assertEquals(1, stack.mailTo(to));
    }

    @Test
    void anOrphanedRunningJobIsRecoveredAndRunAgain() {
        String to = address("orphan");
        PostgresJobStore store = new PostgresJobStore(stack.jobline().dataSource());
        Job job = storedJob(Job.submit(JobId.random(), tenant, spec(to), null, stack.clock().instant()));
        store.update(job.start(stack.clock().instant(), Duration.ofSeconds(60), "killed-worker")).orElseThrow();

        stack.clock().shift(Duration.ofMinutes(2));
        Sweep.Report report = stack.jobline().sweepNow();

        assertTrue(report.orphansRetried() >= 1, report.toString());
        JsonNode done = finished(job.id().toString());
        assertEquals("succeeded", done.get("status").textValue());
        assertEquals(2, done.get("attempts").intValue());
        assertEquals(1, stack.mailTo(to));
    }

    @Test
    void aJobDueBeyondFifteenMinutesRunsWhenDue() {
        String to = address("later");
        JoblineClient.Response response = stack.client().submit(key.secret(), email(to, ",\"delaySeconds\":1200"));
        assertEquals("scheduled", response.json().get("status").textValue());
        String id = response.json().get("id").textValue();

        stack.jobline().sweepNow();
        assertEquals("scheduled", stack.client().get(key.secret(), id).json().get("status").textValue(), "not yet due");
        stack.clock().shift(Duration.ofMinutes(20));
        Sweep.Report report = stack.jobline().sweepNow();

        assertTrue(report.scheduledQueued() >= 1, report.toString());
        assertEquals("succeeded", finished(id).get("status").textValue());
        assertEquals(1, stack.mailTo(to));
    }

    @Test
    void aScheduleFiresOncePerOccurrenceEvenWithTwoSweepsAtOnce() throws SQLException {
        String to = address("cron");
        JoblineClient.Response created = post("/schedules", "{\"name\":\"every-minute\",\"cron\":\"* * * * *\","
                + "\"timezone\":\"Europe/Berlin\",\"job\":" + email(to, "") + "}");
        assertEquals(201, created.status(), created.raw().body());

        stack.clock().shift(Duration.ofSeconds(61));
        var first = CompletableFuture.supplyAsync(stack.jobline()::sweepNow);
        var second = CompletableFuture.supplyAsync(stack.jobline()::sweepNow);
        int fired = first.join().occurrencesFired() + second.join().occurrencesFired();

        assertEquals(1, fired);
        assertEquals(1, stack.jobsOf(tenant));
        awaitMail(to, 1);
    }

    @Test
    void aDeadLetteredMessageFailsItsJob() {
        String id = submitted(email(address("poison"), ",\"delaySeconds\":600"));
        // What SQS's redrive does after maxReceiveCount receives: the message lands in the dead-letter queue.
        stack.jobline().sqs().sendMessage(send -> send.queueUrl(stack.jobline().config().queues().normalDeadLetter())
                .messageBody(JobMessage.body(JobId.parse(id))));

        Sweep.Report report = stack.jobline().sweepNow();

        assertTrue(report.deadLettered() >= 1, report.toString());
        JsonNode job = stack.client().get(key.secret(), id).json();
        assertEquals("failed", job.get("status").textValue());
        assertTrue(job.get("error").textValue().startsWith("Dead-lettered"), job.toString());
    }

    @Test
    void bulkRetryRequeuesExactlyTheFilteredJobs() {
        String early = submitted(email("early@nowhere.invalid", ""));
        assertEquals("failed", finished(early).get("status").textValue());
        Instant between = stack.clock().instant();
        String late1 = submitted(email("late1@nowhere.invalid", ""));
        String late2 = submitted(email("late2@nowhere.invalid", ""));
        finished(late1);
        finished(late2);

        JoblineClient.Response retried = post("/jobs/retry",
                "{\"type\":\"email.send\",\"failedSince\":\"" + between + "\",\"errorContains\":\"messagerejected\"}");

        assertEquals(202, retried.status(), retried.raw().body());
        assertEquals(2, retried.json().get("retried").intValue());
        List<String> ids = List.of(retried.json().get("jobIds").get(0).textValue(),
                retried.json().get("jobIds").get(1).textValue());
        assertTrue(ids.containsAll(List.of(late1, late2)));
        assertEquals(1, finished(early).get("attempts").intValue());
        assertEquals("failed", finished(late1).get("status").textValue(), "rejected again, for good");
    }

    /** What the dashboard shows of them (list, count, chart, "retry these") agrees, against PostgreSQL. */
    @Test
    void theDashboardsListCountThroughputAndRetryAgreeOnTheSameJobs() {
        String before = submitted(email("before@nowhere.invalid", ""));
        finished(before);
        Instant window = stack.clock().instant();
        String rejected = submitted(email("rejected@nowhere.invalid", ""));
        String delivered = submitted(email(address("delivered"), ""));
        assertEquals("failed", finished(rejected).get("status").textValue());
        assertEquals("succeeded", finished(delivered).get("status").textValue());
        String filters = "status=failed&errorContains=MessageRejected&createdAfter=" + window;

        JoblineClient.Response listed = get("/jobs?" + filters);
        JoblineClient.Response counted = get("/jobs/count?" + filters);
        JoblineClient.Response throughput = get("/stats/throughput?window=1h");
        JoblineClient.Response retried = post("/jobs/retry",
                "{\"errorContains\":\"MessageRejected\",\"createdAfter\":\"" + window + "\"}");

        assertEquals(rejected, listed.json().at("/jobs/0/id").textValue(), listed.raw().body());
        assertEquals(1, listed.json().get("jobs").size());
        assertEquals("{\"count\":1,\"capped\":false}", counted.raw().body());
        assertEquals(60, throughput.json().get("buckets").size(), throughput.raw().body());
        int succeeded = 0;
        int failed = 0;
        for (JsonNode bucket : throughput.json().get("buckets")) {
            succeeded += bucket.get("succeeded").intValue();
            failed += bucket.get("failed").intValue();
        }
        assertEquals(1, succeeded, throughput.raw().body());
        assertEquals(2, failed, throughput.raw().body());
        assertEquals(202, retried.status(), retried.raw().body());
        assertEquals(rejected, retried.json().at("/jobIds/0").textValue(), retried.raw().body());
        assertEquals(1, retried.json().get("retried").intValue(), "not the job failed before the window");
    }

    private JoblineClient.Response get(String path) {
        return stack.client().send(HttpRequest.newBuilder(stack.jobline().url().resolve(path))
                .header("Authorization", "Bearer " + key.secret()).GET());
    }

    @Test
    void anIdempotencyKeyReplaysTheFirstJobOrConflicts() {
        String body = email(address("once"), "");
        HttpRequest.Builder first = HttpRequest.newBuilder(stack.jobline().url().resolve("/jobs"))
                .header("Authorization", "Bearer " + key.secret()).header("Content-Type", "application/json")
                .header("Idempotency-Key", "order-1").POST(HttpRequest.BodyPublishers.ofString(body));
        JoblineClient.Response created = stack.client().send(first);
        JoblineClient.Response replayed = stack.client().send(first);
        JoblineClient.Response conflict = stack.client().send(HttpRequest
                .newBuilder(stack.jobline().url().resolve("/jobs"))
                .header("Authorization", "Bearer " + key.secret()).header("Content-Type", "application/json")
                .header("Idempotency-Key", "order-1")
                .POST(HttpRequest.BodyPublishers.ofString(email(address("other"), ""))));

        assertEquals(202, created.status());
        assertEquals(200, replayed.status());
        assertEquals("true", replayed.header("Idempotent-Replayed"));
        assertEquals(created.json().get("id"), replayed.json().get("id"));
        assertEquals(409, conflict.status());
    }

    @Test
    void aHighPriorityJobRuns() {
        String to = address("urgent");
        String id = submitted(email(to, ",\"priority\":\"high\""));

        assertEquals("succeeded", finished(id).get("status").textValue());
        assertEquals("high", stack.client().get(key.secret(), id).json().get("priority").textValue());
    }

    @Test
    void aWebhookToAPrivateAddressIsRefused() {
        JoblineClient.Response refused = stack.client().submit(key.secret(), "{\"type\":\"webhook.post\",\"payload\":"
                + "{\"url\":\"http://169.254.169.254/latest/meta-data/\",\"body\":{}}}");

        assertEquals(400, refused.status(), refused.raw().body());
        assertEquals("payload.url", refused.json().at("/error/details/0/field").textValue());
    }

    @Test
    void aCompletionCallbackIsSignedAndVerifiable() throws Exception {
        var received = new java.util.concurrent.LinkedBlockingQueue<java.util.Map.Entry<String, String>>();
        var receiver = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/done", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            String signature = exchange.getRequestHeaders().getFirst("Jobline-Signature");
            // Answer before the test may stop this server: a cut-off answer is (rightly) retried by the worker.
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            received.add(java.util.Map.entry(signature, body));
        });
        receiver.start();
        try {
            String callback = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/done";
            String id = submitted(email(address("callback"), ",\"callbackUrl\":\"" + callback + "\""));
            String secret = stack.client().send(HttpRequest
                    .newBuilder(stack.jobline().url().resolve("/callback-secret"))
                    .header("Authorization", "Bearer " + key.secret()).GET()).json().get("secret").textValue();

            var delivered = received.poll(FINISH_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);

            assertTrue(delivered != null, "the callback arrived");
            JsonNode event = Json.MAPPER.readTree(delivered.getValue());
            assertEquals(id, event.get("id").textValue());
            assertEquals("succeeded", event.get("status").textValue());
            assertTrue(io.jobline.webhook.CallbackSignature.verify(secret, delivered.getKey(), delivered.getValue(),
                    stack.clock().instant(), Duration.ofMinutes(5)), "signature verifies with the tenant's secret");
            assertFalse(io.jobline.webhook.CallbackSignature.verify(secret, delivered.getKey(),
                    delivered.getValue() + " ", stack.clock().instant(), Duration.ofMinutes(5)),
                    "a changed body does not");
        } finally {
            receiver.stop(0);
        }
    }

    private void awaitMail(String address, int count) {
        Instant deadline = Instant.now().plus(FINISH_TIMEOUT);
        while (stack.mailTo(address) < count && Instant.now().isBefore(deadline)) {
            JoblineClient.pause(Duration.ofMillis(50));
        }
        assertEquals(count, stack.mailTo(address));
    }

    /** No message in either job queue: nothing else will take the stand-in's throttled answers. */
    private void awaitIdle() {
        assertTrue(stack.awaitIdle(FINISH_TIMEOUT), "queues did not drain");
    }
}
