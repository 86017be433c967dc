package io.jobline.api;

import static io.jobline.JobTestBuilder.aFailedJob;
import static io.jobline.JobTestBuilder.aQueuedJob;
import static io.jobline.JobTestBuilder.aRunningJob;
import static io.jobline.JobTestBuilder.aSucceededJob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.jobline.Job;
import io.jobline.JobId;
import io.jobline.JobStatus;
import io.jobline.JobTestBuilder;
import io.jobline.Json;
import io.jobline.Priority;
import io.jobline.TenantId;
import io.jobline.TestClock;
import io.jobline.cache.InMemoryJobCache;
import io.jobline.queue.InMemoryJobQueue;
import io.jobline.store.InMemoryJobStore;
import io.jobline.tenant.ApiKey;
import io.jobline.tenant.InMemoryTenantStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Delays, priorities, idempotency, batches, cancel and retry through the API handler. */
class JobLifecycleRoutesTest {

    private static final String EMAIL = "{\"type\":\"email.send\",\"payload\":{\"to\":[\"a@example.com\"],"
            + "\"subject\":\"s\",\"text\":\"t\"}";

    private final InMemoryJobStore store = new InMemoryJobStore();
    private final InMemoryJobQueue queue = new InMemoryJobQueue();
    private final InMemoryJobCache cache = new InMemoryJobCache();
    private final InMemoryTenantStore tenants = new InMemoryTenantStore();
    private final TestClock clock = new TestClock(JobTestBuilder.NOW);
    private final ApiKey key = ApiKey.generate();
    private TenantId tenant;
    private ApiHandler handler;

    @BeforeEach
    void setUp() {
        tenant = tenants.createTenant("a");
        tenants.addApiKey(tenant, key, "test");
        handler = new ApiHandler(new Dependencies(Dependencies.standardJobTypes(), store, queue, cache, tenants, new io.jobline.schedule.InMemoryScheduleStore(),
                new io.jobline.webhook.InMemoryCallbackSecrets(),
                new io.jobline.store.InMemoryJobQueries(store), io.jobline.queue.FixedQueueMonitor.emptyQueues(),
                io.jobline.webhook.AddressPolicy.DEFAULT,
                Duration.ZERO, clock, () -> {}, java.util.List.of()));
    }

    private APIGatewayV2HTTPResponse call(String method, String path, String body, Map<String, String> extra) {
        Map<String, String> headers = new HashMap<>(Map.of("authorization", "Bearer " + key.secret()));
        if (body != null) {
            headers.put("content-type", "application/json");
        }
        headers.putAll(extra);
        return handler.handleRequest(APIGatewayV2HTTPEvent.builder()
                .withRawPath(path)
                .withHeaders(headers)
                .withBody(body)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).build())
                        .build())
                .build(), null);
    }

    private APIGatewayV2HTTPResponse call(String method, String path, String body) {
        return call(method, path, body, Map.of());
    }

    private static JsonNode json(APIGatewayV2HTTPResponse response) {
        try {
            return Json.MAPPER.readTree(response.getBody());
        } catch (Exception e) {
            throw new AssertionError(response.getBody(), e);
        }
    }

    private Job stored(Job job) {
        store.insert(job);
        return job;
    }

    @Test
    void aShortDelayRidesOnTheQueue() {
        var response = call("POST", "/jobs", EMAIL + ",\"delaySeconds\":120}");

        assertEquals(202, response.getStatusCode(), response.getBody());
        assertEquals("queued", json(response).get("status").textValue());
        assertEquals(Duration.ofSeconds(120), queue.sent().getFirst().delay());
    }

    @Test
    void aJobDueLaterThanFifteenMinutesIsScheduledForTheSweep() {
        var response = call("POST", "/jobs", EMAIL + ",\"runAt\":\"2026-11-23T10:00:00Z\"}");

        assertEquals(202, response.getStatusCode(), response.getBody());
        assertEquals("scheduled", json(response).get("status").textValue());
        assertEquals("2026-11-23T10:00:00Z", json(response).get("runAt").textValue());
        assertTrue(queue.sent().isEmpty(), "nothing rides on SQS for a day");
    }

    @Test
    void delayAndRunAtTogetherAreRejected() {
        var response = call("POST", "/jobs", EMAIL + ",\"delaySeconds\":1,\"runAt\":\"2026-11-23T10:00:00Z\"}");

        assertEquals(400, response.getStatusCode());
        assertTrue(store.all().isEmpty());
    }

    @Test
    void highPriorityJobsGoToTheHighQueue() {
        var response = call("POST", "/jobs", EMAIL + ",\"priority\":\"high\"}");

        assertEquals("high", json(response).get("priority").textValue());
        assertEquals(Priority.HIGH, queue.sent().getFirst().priority());
    }

    @Test
    void aPerJobBackoffIsKeptAndShown() {
        var response = call("POST", "/jobs", EMAIL + ",\"backoff\":{\"type\":\"exponential\",\"baseSeconds\":5,"
                + "\"maxSeconds\":60}}");

        assertEquals(202, response.getStatusCode(), response.getBody());
        assertEquals(60, json(response).at("/backoff/maxSeconds").intValue());
        assertEquals(Duration.ofSeconds(5), store.all().getFirst().backoff().base());
    }

    @Test
    void theSameIdempotencyKeyAndBodyReplayTheFirstJob() {
        var first = call("POST", "/jobs", EMAIL + "}", Map.of("idempotency-key", "order-42"));
        var again = call("POST", "/jobs", EMAIL + "}", Map.of("idempotency-key", "order-42"));

        assertEquals(202, first.getStatusCode());
        assertEquals(200, again.getStatusCode());
        assertEquals("true", again.getHeaders().get("Idempotent-Replayed"));
        assertEquals(json(first).get("id"), json(again).get("id"));
        assertEquals(1, store.all().size());
        assertEquals(1, queue.sent().size(), "no second message");
    }

    @Test
    void theKeyCanAlsoBeAFieldAndFieldOrderDoesNotMatter() {
        call("POST", "/jobs", "{\"idempotencyKey\":\"k\"," + EMAIL.substring(1) + "}");
        var again = call("POST", "/jobs", "{\"payload\":{\"text\":\"t\",\"subject\":\"s\",\"to\":[\"a@example.com\"]},"
                + "\"type\":\"email.send\",\"idempotencyKey\":\"k\"}");

        assertEquals(200, again.getStatusCode(), again.getBody());
    }

    @Test
    void theSameKeyWithADifferentBodyIsAConflict() {
        call("POST", "/jobs", EMAIL + "}", Map.of("idempotency-key", "order-42"));

        var other = call("POST", "/jobs", EMAIL + ",\"maxAttempts\":2}", Map.of("idempotency-key", "order-42"));

        assertEquals(409, other.getStatusCode());
        assertEquals("idempotency_conflict", json(other).at("/error/code").textValue());
        assertEquals(1, store.all().size());
    }

    @Test
    void aKeyOlderThanADayStartsANewJob() {
        var first = call("POST", "/jobs", EMAIL + "}", Map.of("idempotency-key", "daily"));
        clock.advance(Duration.ofHours(25));

        var second = call("POST", "/jobs", EMAIL + "}", Map.of("idempotency-key", "daily"));

        assertEquals(202, second.getStatusCode());
        assertFalse(json(first).get("id").equals(json(second).get("id")));
    }

    @Test
    void aBatchIsAcceptedWholeAndQueuedInBatches() {
        StringBuilder jobs = new StringBuilder("{\"jobs\":[");
        for (int i = 0; i < 25; i++) {
            jobs.append(i == 0 ? "" : ",").append(EMAIL).append('}');
        }
        var response = call("POST", "/jobs/batch", jobs.append("]}").toString());

        assertEquals(202, response.getStatusCode(), response.getBody());
        assertEquals(25, json(response).get("jobs").size());
        assertEquals(25, store.all().size());
        assertEquals(25, queue.sent().size());
    }

    @Test
    void aBatchWithOneBadJobNamesItAndStoresNothing() {
        var response = call("POST", "/jobs/batch", "{\"jobs\":[" + EMAIL + "}," + EMAIL + ",\"maxAttempts\":99}]}");

        assertEquals(400, response.getStatusCode());
        assertEquals("jobs[1].maxAttempts", json(response).at("/error/details/0/field").textValue());
        assertTrue(store.all().isEmpty());
        assertTrue(queue.sent().isEmpty());
    }

    @Test
    void aQueuedJobIsCancelledAtOnce() {
        Job job = stored(aQueuedJob().forTenant(tenant).build());

        var response = call("POST", "/jobs/" + job.id() + "/cancel", null);

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals(JobStatus.CANCELLED, store.find(job.id()).orElseThrow().status());
    }

    @Test
    void aRunningJobIsAskedToStop() {
        Job job = stored(aRunningJob().forTenant(tenant).build());

        var response = call("POST", "/jobs/" + job.id() + "/cancel", null);

        assertEquals(202, response.getStatusCode());
        assertTrue(json(response).get("cancelRequested").booleanValue());
        assertTrue(store.find(job.id()).orElseThrow().cancelRequested());
    }

    @Test
    void aFinishedJobCannotBeCancelled() {
        Job job = stored(aSucceededJob().forTenant(tenant).build());

        var response = call("POST", "/jobs/" + job.id() + "/cancel", null);

        assertEquals(409, response.getStatusCode());
        assertEquals("job_finished", json(response).at("/error/code").textValue());
    }

    @Test
    void aFailedJobIsRetriedWithAllItsAttemptsAgain() {
        Job job = stored(aFailedJob().forTenant(tenant).build());
        cache.put(job);

        var response = call("POST", "/jobs/" + job.id() + "/retry", null);

        assertEquals(202, response.getStatusCode(), response.getBody());
        Job requeued = store.find(job.id()).orElseThrow();
        assertEquals(JobStatus.QUEUED, requeued.status());
        assertEquals(0, requeued.attempts());
        assertTrue(cache.get(job.id()).isEmpty(), "the stale snapshot is gone");
        assertEquals(job.id(), queue.sent().getFirst().jobId());
    }

    @Test
    void aRunningJobCannotBeRetried() {
        Job job = stored(aRunningJob().forTenant(tenant).build());

        assertEquals(409, call("POST", "/jobs/" + job.id() + "/retry", null).getStatusCode());
    }

    @Test
    void bulkRetryRequeuesExactlyTheFilteredJobs() {
        Job timeout = stored(aFailedJob().forTenant(tenant).build());
        Job other = stored(new JobTestBuilderFailure("SES rejected").forTenant(tenant));
        Job theirs = stored(aFailedJob().forTenant(TenantId.random()).build());

        var response = call("POST", "/jobs/retry", "{\"errorContains\":\"BOOM\"}");

        assertEquals(202, response.getStatusCode(), response.getBody());
        assertEquals(1, json(response).get("retried").intValue());
        assertEquals(JobStatus.QUEUED, store.find(timeout.id()).orElseThrow().status());
        assertEquals(JobStatus.FAILED, store.find(other.id()).orElseThrow().status());
        assertEquals(JobStatus.FAILED, store.find(theirs.id()).orElseThrow().status(), "another tenant's job");
    }

    @Test
    void bulkRetryKeepsToTheCreationWindowAsTheListingDoes() {
        Job before = stored(failedJobCreatedAt(tenant, JobTestBuilder.NOW.minusSeconds(1)));
        Job atStart = stored(failedJobCreatedAt(tenant, JobTestBuilder.NOW));
        Job atEnd = stored(failedJobCreatedAt(tenant, JobTestBuilder.NOW.plusSeconds(3600)));

        var response = call("POST", "/jobs/retry", """
                {"createdAfter":"2026-11-22T10:00:00Z","createdBefore":"2026-11-22T12:00:00+01:00"}""");

        assertEquals(202, response.getStatusCode(), response.getBody());
        assertEquals(atStart.id().toString(), json(response).at("/jobIds/0").textValue());
        assertEquals(1, json(response).get("retried").intValue(), "createdAfter inclusive, createdBefore exclusive");
        assertEquals(JobStatus.FAILED, store.find(before.id()).orElseThrow().status());
        assertEquals(JobStatus.FAILED, store.find(atEnd.id()).orElseThrow().status());
    }

    @Test
    void bulkRetryRefusesABadOrEmptyCreationWindowNamingTheField() {
        var badDate = call("POST", "/jobs/retry", "{\"createdAfter\":\"yesterday\"}");
        var empty = call("POST", "/jobs/retry", """
                {"createdAfter":"2026-11-22T10:00:00Z","createdBefore":"2026-11-22T10:00:00Z"}""");

        assertEquals(400, badDate.getStatusCode());
        assertEquals("createdAfter", json(badDate).at("/error/details/0/field").textValue());
        assertEquals(400, empty.getStatusCode());
        assertEquals("createdBefore", json(empty).at("/error/details/0/field").textValue());
    }

    private static Job failedJobCreatedAt(TenantId owner, java.time.Instant createdAt) {
        return Job.submit(io.jobline.JobId.random(), owner, new io.jobline.JobSpec("email.send",
                        JobTestBuilder.emailPayload("a@example.com"), 5), null, createdAt)
                .start(createdAt, Duration.ofMinutes(1)).fail("boom", createdAt);
    }

    @Test
    void anotherTenantsJobCannotBeCancelledRetriedOrInspected() {
        Job theirs = stored(aFailedJob().forTenant(TenantId.random()).build());

        for (String path : new String[] {"/cancel", "/retry"}) {
            assertEquals(404, call("POST", "/jobs/" + theirs.id() + path, null).getStatusCode(), path);
        }
        assertEquals(404, call("GET", "/jobs/" + theirs.id() + "/attempts", null).getStatusCode());
        assertEquals(JobStatus.FAILED, store.find(theirs.id()).orElseThrow().status());
    }

    @Test
    void theAttemptHistoryIsListed() {
        Job job = stored(aQueuedJob().forTenant(tenant).build());
        Job running = store.update(job.start(clock.instant(), Duration.ofMinutes(1), "req-1")).orElseThrow();
        store.update(running.fail("boom", clock.instant())).orElseThrow();

        var response = call("GET", "/jobs/" + job.id() + "/attempts", null);

        assertEquals(200, response.getStatusCode());
        JsonNode attempt = json(response).at("/attempts/0");
        assertEquals("failed", attempt.get("outcome").textValue());
        assertEquals("boom", attempt.get("error").textValue());
        assertEquals("req-1", attempt.get("workerRequestId").textValue());
    }

    /** A failed job whose error is not the builder's default. */
    private static final class JobTestBuilderFailure {
        private final String error;

        JobTestBuilderFailure(String error) {
            this.error = error;
        }

        Job forTenant(TenantId tenant) {
            Job running = aRunningJob().forTenant(tenant).build();
            return running.fail(error, JobTestBuilder.NOW);
        }
    }
}
