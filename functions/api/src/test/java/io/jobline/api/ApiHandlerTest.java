package io.jobline.api;

import static io.jobline.JobTestBuilder.aQueuedJob;
import static io.jobline.JobTestBuilder.aSucceededJob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import io.jobline.Job;
import io.jobline.JobId;
import io.jobline.JobStatus;
import io.jobline.Json;
import io.jobline.TenantId;
import io.jobline.cache.InMemoryJobCache;
import io.jobline.queue.InMemoryJobQueue;
import io.jobline.store.InMemoryJobStore;
import io.jobline.tenant.ApiKey;
import io.jobline.tenant.InMemoryTenantStore;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiHandlerTest {

    /** The key in the event fixtures. */
    private static final ApiKey FIXTURE_KEY = new ApiKey("jl_test_key_for_tenant_a_0000000000000000000000");

    private final InMemoryJobStore store = new InMemoryJobStore();
    private final InMemoryJobQueue queue = new InMemoryJobQueue();
    private final InMemoryJobCache cache = new InMemoryJobCache();
    private final InMemoryTenantStore tenants = new InMemoryTenantStore();
    private TenantId tenantA;
    private ApiHandler handler;

    @BeforeEach
    void setUp() {
        tenantA = tenants.createTenant("a");
        tenants.addApiKey(tenantA, FIXTURE_KEY, "fixture");
        handler = new ApiHandler(new Dependencies(Dependencies.standardJobTypes(), store, queue, cache, tenants, new io.jobline.schedule.InMemoryScheduleStore(),
                new io.jobline.webhook.InMemoryCallbackSecrets(),
                new io.jobline.store.InMemoryJobQueries(store), io.jobline.queue.FixedQueueMonitor.emptyQueues(),
                io.jobline.webhook.AddressPolicy.DEFAULT,
                Duration.ZERO, Clock.systemUTC(), () -> {}, java.util.List.of()));
    }

    private APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        return handler.handleRequest(event, null);
    }

    private static APIGatewayV2HTTPEvent submitEvent() {
        return EventLoader.loadApiGatewayHttpEvent("events/submit-email-job.json");
    }

    private static APIGatewayV2HTTPEvent getEvent(JobId id) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/get-job.json");
        event.setRawPath("/jobs/" + id);
        return event;
    }

    private static APIGatewayV2HTTPEvent withBody(String body) {
        APIGatewayV2HTTPEvent event = submitEvent();
        event.setBody(body);
        return event;
    }

    private static APIGatewayV2HTTPEvent withHeader(APIGatewayV2HTTPEvent event, String name, String value) {
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        if (value == null) {
            headers.remove(name);
        } else {
            headers.put(name, value);
        }
        event.setHeaders(headers);
        return event;
    }

    private static JsonNode json(APIGatewayV2HTTPResponse response) throws Exception {
        return Json.MAPPER.readTree(response.getBody());
    }

    private void assertNothingChanged() {
        assertTrue(store.all().isEmpty(), "no job row");
        assertTrue(queue.sent().isEmpty(), "no queue message");
    }

    private void assertError(APIGatewayV2HTTPResponse response, int status, String code) throws Exception {
        assertEquals(status, response.getStatusCode(), response.getBody());
        assertEquals(code, json(response).at("/error/code").textValue(), response.getBody());
        assertEquals("application/json", response.getHeaders().get("Content-Type"));
        assertFalse(response.getBody().contains("Exception"), "no stack trace or class names: " + response.getBody());
    }

    @Test
    void submitStoresAQueuedJobAndQueuesItsId() throws Exception {
        APIGatewayV2HTTPResponse response = handle(submitEvent());

        assertEquals(202, response.getStatusCode(), response.getBody());
        JsonNode job = json(response);
        assertEquals("queued", job.get("status").textValue());
        assertEquals("email.send", job.get("type").textValue());
        assertEquals(3, job.get("maxAttempts").intValue());
        assertEquals(0, job.get("attempts").intValue());
        assertEquals("/jobs/" + job.get("id").textValue(), response.getHeaders().get("Location"));
        Job stored = store.find(JobId.parse(job.get("id").textValue())).orElseThrow();
        assertEquals(tenantA, stored.tenantId());
        assertEquals(1, queue.sent().size());
        assertEquals(stored.id(), queue.sent().getFirst().jobId());
    }

    @Test
    void acceptsABase64EncodedBody() {
        APIGatewayV2HTTPResponse response =
                handle(EventLoader.loadApiGatewayHttpEvent("events/submit-email-job-base64.json"));

        assertEquals(202, response.getStatusCode(), response.getBody());
    }

    @Test
    void maxAttemptsDefaultsToFive() throws Exception {
        var response = handle(withBody(
                "{\"type\":\"email.send\",\"payload\":{\"to\":[\"a@example.com\"],\"subject\":\"s\",\"text\":\"t\"}}"));

        assertEquals(5, json(response).get("maxAttempts").intValue());
    }

    @Test
    void getReturnsTheJobFromTheStoreThenFromTheCacheOnceFinished() throws Exception {
        Job done = aSucceededJob().forTenant(tenantA).build();
        store.insert(done);

        var first = handle(getEvent(done.id()));
        var second = handle(getEvent(done.id()));

        assertEquals(200, first.getStatusCode(), first.getBody());
        assertEquals("succeeded", json(first).get("status").textValue());
        assertEquals("m-1", json(first).at("/result/messageId").textValue());
        assertEquals("jobline; fwd=miss", first.getHeaders().get("Cache-Status"));
        assertEquals("jobline; hit", second.getHeaders().get("Cache-Status"));
        assertEquals(json(first), json(second));
    }

    @Test
    void unfinishedJobsAreNotCached() {
        Job queued = aQueuedJob().forTenant(tenantA).build();
        store.insert(queued);

        handle(getEvent(queued.id()));

        assertTrue(cache.get(queued.id()).isEmpty());
    }

    @Test
    void anotherTenantsJobIsNotFound() throws Exception {
        Job theirs = aSucceededJob().forTenant(tenants.createTenant("b")).build();
        store.insert(theirs);
        cache.put(theirs);

        assertError(handle(getEvent(theirs.id())), 404, "job_not_found");
    }

    @Test
    void anUnknownJobIsNotFound() throws Exception {
        assertError(handle(getEvent(JobId.random())), 404, "job_not_found");
    }

    @Test
    void aMalformedJobIdIsABadRequest() throws Exception {
        APIGatewayV2HTTPEvent event = getEvent(JobId.random());
        event.setRawPath("/jobs/not-a-uuid");

        assertError(handle(event), 400, "invalid_job_id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer jl_unknown", "Basic dXNlcjpwYXNz", "Bearer", "", "jl_test_key"})
    void unknownOrMalformedKeysAreUnauthorized(String authorization) throws Exception {
        var response = handle(withHeader(submitEvent(), "authorization", authorization));

        assertError(response, 401, "unauthorized");
        assertTrue(response.getHeaders().get("WWW-Authenticate").startsWith("Bearer"));
        assertNothingChanged();
    }

    @Test
    void aMissingKeyIsUnauthorized() throws Exception {
        assertError(handle(withHeader(submitEvent(), "authorization", null)), 401, "unauthorized");
        assertNothingChanged();
    }

    @Test
    void aRevokedKeyIsUnauthorized() throws Exception {
        tenants.revokeApiKey(FIXTURE_KEY.hash());

        assertError(handle(submitEvent()), 401, "unauthorized");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "not json", "[1,2", "{\"type\":}", "\"just a string\"", "[]", "null"})
    void malformedOrNonObjectBodiesAreRejected(String body) throws Exception {
        var response = handle(withBody(body));

        assertEquals(400, response.getStatusCode(), response.getBody());
        assertNothingChanged();
    }

    @Test
    void invalidFieldsAreNamed() throws Exception {
        var response = handle(withBody("{\"type\":\"email.send\",\"payload\":{\"to\":[\"nope\"],\"subject\":\"\"},"
                + "\"maxAttempts\":21}"));

        assertError(response, 400, "invalid_field");
        var fields = new java.util.ArrayList<String>();
        json(response).at("/error/details").forEach(d -> fields.add(d.get("field").textValue()));
        assertEquals(java.util.List.of("maxAttempts", "payload.to[0]", "payload.subject", "payload.text").stream()
                .sorted().toList(), fields.stream().sorted().toList());
        assertNothingChanged();
    }

    @Test
    void unknownJobTypesAreRejected() throws Exception {
        assertError(handle(withBody("{\"type\":\"sms.send\",\"payload\":{}}")), 400, "unknown_job_type");
        assertNothingChanged();
    }

    @Test
    void deeplyNestedBodiesAreRejected() throws Exception {
        String deep = "[".repeat(5000) + "]".repeat(5000);

        assertError(handle(withBody(deep)), 400, "malformed_json");
        assertNothingChanged();
    }

    @Test
    void bodiesOver256KiBAreTooLarge() throws Exception {
        String big = "{\"type\":\"email.send\",\"payload\":{\"to\":[\"a@example.com\"],\"subject\":\"s\",\"text\":\""
                + "x".repeat(256 * 1024) + "\"}}";

        assertError(handle(withBody(big)), 413, "payload_too_large");
        assertNothingChanged();
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "application/xml"})
    void nonJsonBodiesAreUnsupported(String contentType) throws Exception {
        assertError(handle(withHeader(submitEvent(), "content-type", contentType)), 415, "unsupported_media_type");
        assertNothingChanged();
    }

    @Test
    void jsonWithACharsetIsFine() {
        var response = handle(withHeader(submitEvent(), "content-type", "application/json; charset=utf-8"));

        assertEquals(202, response.getStatusCode());
    }

    @Test
    void wrongMethodsAreNotAllowed() throws Exception {
        APIGatewayV2HTTPEvent event = submitEvent();
        event.getRequestContext().getHttp().setMethod("DELETE");

        var response = handle(event);

        assertError(response, 405, "method_not_allowed");
        assertEquals("POST, GET", response.getHeaders().get("Allow"));
        assertNothingChanged();
    }

    @Test
    void unknownRoutesAreNotFound() throws Exception {
        APIGatewayV2HTTPEvent event = submitEvent();
        event.setRawPath("/admin");

        assertError(handle(event), 404, "route_not_found");
        assertNothingChanged();
    }

    @Test
    void whenTheDatabaseIsDownNothingIsQueuedAndTheClientIsToldToRetry() throws Exception {
        store.setDown(true);

        var response = handle(submitEvent());

        assertError(response, 503, "database_unavailable");
        assertEquals("5", response.getHeaders().get("Retry-After"));
        assertTrue(queue.sent().isEmpty(), "no message without a row");
    }

    @Test
    void whenTheQueueIsDownTheRowIsWithdrawnAndTheClientIsToldToRetry() throws Exception {
        queue.setDown(true);

        var response = handle(submitEvent());

        assertError(response, 503, "queue_unavailable");
        assertEquals("5", response.getHeaders().get("Retry-After"));
        assertNothingChanged();
    }

    @Test
    void everyResponseCarriesTheRequestId() {
        var response = handle(submitEvent());

        assertTrue(response.getHeaders().containsKey("X-Request-Id"));
    }

    @Test
    void aJobIsReadableRightAfterSubmission() throws Exception {
        JsonNode submitted = json(handle(submitEvent()));

        var read = handle(getEvent(JobId.parse(submitted.get("id").textValue())));

        assertEquals(200, read.getStatusCode());
        assertEquals(JobStatus.QUEUED.wireName(), json(read).get("status").textValue());
    }

    @Test
    void primingForASnapStartSnapshotChangesNothing() {
        handler.prime();

        assertNothingChanged();
    }

    @Test
    void theSnapshotHookDropsTheConnections() {
        var dropped = new java.util.concurrent.atomic.AtomicInteger();
        var hooked = new ApiHandler(new Dependencies(Dependencies.standardJobTypes(), store, queue, cache, tenants, new io.jobline.schedule.InMemoryScheduleStore(),
                new io.jobline.webhook.InMemoryCallbackSecrets(),
                new io.jobline.store.InMemoryJobQueries(store), io.jobline.queue.FixedQueueMonitor.emptyQueues(),
                io.jobline.webhook.AddressPolicy.DEFAULT,
                Duration.ZERO, Clock.systemUTC(), dropped::incrementAndGet, java.util.List.of()));

        hooked.snapStartHooks().simulateSnapshotAndRestore();

        assertEquals(1, dropped.get());
        assertNothingChanged();
    }

    /** Regression (found by ApiFuzzIT): Jackson read the first JSON value and ignored what followed it. */
    @ParameterizedTest
    @ValueSource(strings = {" x", "}", "]", "{}", ";DROP TABLE jobs"})
    void trailingTextAfterTheJsonIsRejected(String trailing) throws Exception {
        APIGatewayV2HTTPEvent event = submitEvent();
        event.setBody(event.getBody() + trailing);

        assertError(handle(event), 400, "malformed_json");
        assertNothingChanged();
    }

    /** Regression (found by ApiFuzzIT): NUL made PostgreSQL fail (500); lone surrogates were stored as '?'. */
    @ParameterizedTest
    @ValueSource(strings = {"\\u0000", "\\ud800", "\\udfff", "a\\ud83d"})
    void textPostgresCannotStoreAsSentIsRejected(String escaped) throws Exception {
        var response = handle(withBody("{\"type\":\"email.send\",\"payload\":{\"to\":[\"a@example.com\"],"
                + "\"subject\":\"S " + escaped + "\",\"text\":\"t\"}}"));

        assertError(response, 400, "invalid_field");
        assertEquals("payload.subject", json(response).at("/error/details/0/field").textValue());
        assertNothingChanged();
    }

    @Test
    void aValidSurrogatePairIsKept() throws Exception {
        var response = handle(withBody("{\"type\":\"email.send\",\"payload\":{\"to\":[\"a@example.com\"],"
                + "\"subject\":\"Hi \\ud83d\\ude00\",\"text\":\"t\"}}"));

        assertEquals(202, response.getStatusCode(), response.getBody());
        assertEquals("Hi \ud83d\ude00", json(response).at("/payload/subject").textValue());
    }
}
