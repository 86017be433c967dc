package io.jobline.api;

import static io.jobline.JobTestBuilder.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import io.jobline.Job;
import io.jobline.JobId;
import io.jobline.JobJson;
import io.jobline.JobSpec;
import io.jobline.JobStatus;
import io.jobline.JobTestBuilder;
import io.jobline.Json;
import io.jobline.TenantId;
import io.jobline.store.InMemoryJobQueries;
import io.jobline.store.InMemoryJobStore;
import io.jobline.tenant.ApiKey;
import io.jobline.tenant.InMemoryTenantStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ListJobsRoutesTest {

    /** The key in the event fixtures. */
    private static final ApiKey FIXTURE_KEY = new ApiKey("jl_test_key_for_tenant_a_0000000000000000000000");

    private final InMemoryJobStore store = new InMemoryJobStore();
    private final InMemoryTenantStore tenants = new InMemoryTenantStore();
    private TenantId tenantA;
    private Routes routes;

    @BeforeEach
    void setUp() {
        tenantA = tenants.createTenant("a");
        tenants.addApiKey(tenantA, FIXTURE_KEY, "fixture");
        Router router = new Router();
        new ListJobsRoutes(new InMemoryJobQueries(store)).register(router);
        routes = new Routes(new Authenticator(tenants, Duration.ZERO, Clock.systemUTC()), router);
    }

    /** As ApiHandler answers: a refusal becomes the JSON error of ErrorResponses. */
    private APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        try {
            return routes.handle(HttpRequest.from(event));
        } catch (RuntimeException e) {
            return ErrorResponses.from(e, "test");
        }
    }

    /** {@code GET /jobs} with these query parameters, as name, value, name, value... */
    private APIGatewayV2HTTPResponse list(String... nameValues) {
        return get("/jobs", nameValues);
    }

    /** {@code GET /jobs/count} with these query parameters, as name, value, name, value... */
    private APIGatewayV2HTTPResponse count(String... nameValues) {
        return get("/jobs/count", nameValues);
    }

    private APIGatewayV2HTTPResponse get(String path, String... nameValues) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/list-jobs.json");
        event.setRawPath(path);
        Map<String, String> query = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            query.put(nameValues[i], nameValues[i + 1]);
        }
        event.setQueryStringParameters(query.isEmpty() ? null : query);
        return handle(event);
    }

    /** A job of {@code owner} created {@code minutes} after NOW that failed with {@code error}. */
    private Job failed(TenantId owner, int minutes, String error) {
        var at = NOW.plus(Duration.ofMinutes(minutes));
        Job job = Job.submit(JobId.random(), owner, new JobSpec("email.send", JobTestBuilder.emailPayload("a@example.com"),
                5), null, at).start(at, Duration.ofMinutes(2)).fail(error, at);
        store.insert(job);
        return job;
    }

    private static JsonNode json(APIGatewayV2HTTPResponse response) throws Exception {
        return Json.MAPPER.readTree(response.getBody());
    }

    /** A job of {@code owner} created {@code minutes} after NOW, brought to {@code status} through its verbs. */
    private Job stored(TenantId owner, int minutes, JobStatus status, String type) {
        var at = NOW.plus(Duration.ofMinutes(minutes));
        Job job = Job.submit(JobId.random(), owner,
                new JobSpec(type, JobTestBuilder.emailPayload("a@example.com"), 5), null, at);
        job = switch (status) {
            case QUEUED -> job;
            case RUNNING -> job.start(at, Duration.ofMinutes(2));
            case SUCCEEDED -> job.start(at, Duration.ofMinutes(2)).succeed(Json.MAPPER.createObjectNode(), at);
            case FAILED -> job.start(at, Duration.ofMinutes(2)).fail("boom", at);
            default -> throw new IllegalArgumentException(status.toString());
        };
        store.insert(job);
        return job;
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("jobs").forEach(job -> ids.add(job.get("id").textValue()));
        return ids;
    }

    private static List<String> idsOf(Job... jobs) {
        return java.util.Arrays.stream(jobs).map(job -> job.id().toString()).toList();
    }

    private static void assertBadRequest(APIGatewayV2HTTPResponse response, String code, String field)
            throws Exception {
        assertEquals(400, response.getStatusCode(), response.getBody());
        JsonNode error = json(response).get("error");
        assertEquals(code, error.get("code").textValue(), response.getBody());
        List<String> fields = new ArrayList<>();
        error.get("details").forEach(detail -> fields.add(detail.get("field").textValue()));
        assertTrue(fields.contains(field), "names " + field + ": " + response.getBody());
        assertFalse(response.getBody().contains("Exception"), response.getBody());
    }

    @Test
    void listsTheCallersJobsNewestFirstAsTheyAreRead() throws Exception {
        Job older = stored(tenantA, 1, JobStatus.SUCCEEDED, "email.send");
        Job newer = stored(tenantA, 2, JobStatus.QUEUED, "email.send");

        APIGatewayV2HTTPResponse response = list();

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals("application/json", response.getHeaders().get("Content-Type"));
        JsonNode page = json(response);
        assertEquals(idsOf(newer, older), ids(page));
        assertEquals(JobJson.render(older), page.get("jobs").get(1), "each job as GET /jobs/{id} shows it");
        assertTrue(page.get("nextCursor").isNull());
    }

    @Test
    void theFixtureFiltersByStatusWithALimit() throws Exception {
        stored(tenantA, 1, JobStatus.SUCCEEDED, "email.send");
        Job failed = stored(tenantA, 2, JobStatus.FAILED, "email.send");

        JsonNode page = json(handle(EventLoader.loadApiGatewayHttpEvent("events/list-jobs.json")));

        assertEquals(idsOf(failed), ids(page));
    }

    @Test
    void followingNextCursorWalksEveryJobOnce() throws Exception {
        List<Job> jobs = new ArrayList<>();
        for (int minute = 0; minute < 5; minute++) {
            jobs.add(stored(tenantA, minute, JobStatus.QUEUED, "email.send"));
        }

        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        JsonNode page = json(list("limit", "2"));
        while (true) {
            seen.addAll(ids(page));
            sizes.add(page.get("jobs").size());
            if (page.get("nextCursor").isNull()) {
                break;
            }
            page = json(list("limit", "2", "cursor", page.get("nextCursor").textValue()));
        }

        assertEquals(List.of(2, 2, 1), sizes);
        assertEquals(idsOf(jobs.reversed().toArray(Job[]::new)), seen);
    }

    @Test
    void fiftyJobsToAPageByDefault() throws Exception {
        for (int minute = 0; minute < 51; minute++) {
            stored(tenantA, minute, JobStatus.QUEUED, "email.send");
        }

        JsonNode page = json(list());

        assertEquals(50, page.get("jobs").size());
        assertTrue(page.get("nextCursor").isTextual());
    }

    @Test
    void filtersByStatusTypeAndCreationTimeTogether() throws Exception {
        stored(tenantA, 0, JobStatus.FAILED, "webhook.post");
        Job match = stored(tenantA, 30, JobStatus.FAILED, "webhook.post");
        stored(tenantA, 31, JobStatus.FAILED, "email.send");
        stored(tenantA, 32, JobStatus.SUCCEEDED, "webhook.post");
        stored(tenantA, 90, JobStatus.FAILED, "webhook.post");

        JsonNode page = json(list("status", "failed", "type", "webhook.post",
                "createdAfter", "2026-11-22T10:10:00Z", "createdBefore", "2026-11-22T12:00:00+01:00"));

        assertEquals(idsOf(match), ids(page));
    }

    @Test
    void filtersByErrorTextIgnoringCase() throws Exception {
        Job timedOut = failed(tenantA, 1, "SMTP timeout after 30 s");
        failed(tenantA, 2, "550 mailbox unavailable");
        stored(tenantA, 3, JobStatus.SUCCEEDED, "email.send");

        JsonNode page = json(list("errorContains", "TimeOut"));

        assertEquals(idsOf(timedOut), ids(page));
    }

    @Test
    void countsTheJobsTheSameFiltersList() throws Exception {
        failed(tenantA, 1, "timeout");
        failed(tenantA, 2, "timeout");
        failed(tenantA, 3, "refused");
        stored(tenantA, 4, JobStatus.SUCCEEDED, "email.send");
        failed(tenants.createTenant("b"), 5, "timeout");

        APIGatewayV2HTTPResponse response = count("status", "failed", "errorContains", "time",
                "createdAfter", "2026-11-22T10:00:00Z", "createdBefore", "2026-11-22T11:00:00Z");

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals("application/json", response.getHeaders().get("Content-Type"));
        assertEquals(Json.MAPPER.readTree("{\"count\":2,\"capped\":false}"), json(response));
        assertEquals(2, ids(json(list("status", "failed", "errorContains", "time"))).size());
        assertEquals(Json.MAPPER.readTree("{\"count\":4,\"capped\":false}"), json(count()));
    }

    @Test
    void aCountPastTheCapSaysItIsCapped() throws Exception {
        for (int i = 0; i <= io.jobline.store.JobCount.CAP; i++) {
            store.insert(Job.submit(JobId.random(), tenantA,
                    new JobSpec("email.send", JobTestBuilder.emailPayload("a@example.com"), 5), null, NOW));
        }

        assertEquals(Json.MAPPER.readTree("{\"count\":10000,\"capped\":true}"), json(count()));
    }

    @Test
    void errorTextLongerThan200CharactersIsABadRequest() throws Exception {
        assertEquals(200, list("errorContains", "x".repeat(200)).getStatusCode());
        assertBadRequest(list("errorContains", "x".repeat(201)), "invalid_field", "errorContains");
        assertBadRequest(count("errorContains", "x".repeat(201)), "invalid_field", "errorContains");
        assertBadRequest(list("errorContains", "nul\u0000"), "invalid_field", "errorContains");
    }

    @Test
    void emptyParametersAreNoFilter() throws Exception {
        Job job = stored(tenantA, 0, JobStatus.QUEUED, "email.send");

        JsonNode page = json(list("status", "", "type", "", "errorContains", "", "limit", "", "cursor", ""));

        assertEquals(idsOf(job), ids(page));
    }

    @Test
    void anotherTenantsJobsAreNeverListed() throws Exception {
        TenantId tenantB = tenants.createTenant("b");
        Job mine = stored(tenantA, 0, JobStatus.QUEUED, "email.send");
        Job theirs = stored(tenantB, 1, JobStatus.QUEUED, "email.send");
        stored(tenantB, 2, JobStatus.QUEUED, "email.send");
        String theirCursor = io.jobline.store.JobCursor.after(theirs).encode();

        assertEquals(idsOf(mine), ids(json(list())));
        assertEquals(idsOf(mine), ids(json(list("cursor", theirCursor))), "a cursor never crosses tenants");
    }

    @ParameterizedTest(name = "{0}?{1}={2}")
    @CsvSource({
        "/jobs, status, finished",
        "/jobs, status, FAILED",
        "/jobs, limit, 0",
        "/jobs, limit, 201",
        "/jobs, limit, -1",
        "/jobs, limit, ten",
        "/jobs, limit, 2.5",
        "/jobs, createdAfter, yesterday",
        "/jobs, createdAfter, 2026-11-22",
        "/jobs, createdAfter, 2026-11-22T10:00:00",
        "/jobs, createdBefore, 2026-13-01T00:00:00Z",
        "/jobs, createdBefore, +20000-01-01T00:00:00Z",
        "/jobs, stauts, failed",
        // The count takes the filters and nothing else: paging parameters are a mistake, not ignored.
        "/jobs/count, limit, 10",
        "/jobs/count, cursor, abc",
        "/jobs/count, status, finished",
        "/jobs/count, createdAfter, yesterday",
        "/jobs/count, stauts, failed",
    })
    void aBadParameterIsABadRequestNamingIt(String path, String name, String value) throws Exception {
        assertBadRequest(get(path, name, value), "invalid_field", name);
    }

    @Test
    void aGarbledCursorIsAnInvalidCursor() throws Exception {
        stored(tenantA, 0, JobStatus.QUEUED, "email.send");
        stored(tenantA, 1, JobStatus.QUEUED, "email.send");
        String cursor = json(list("limit", "1")).get("nextCursor").textValue();

        assertBadRequest(list("cursor", "not-a-cursor"), "invalid_cursor", "cursor");
        assertBadRequest(list("cursor", cursor.substring(0, cursor.length() - 2)), "invalid_cursor", "cursor");
        assertBadRequest(list("cursor", cursor + "AA"), "invalid_cursor", "cursor");
    }

    @Test
    void everyBadParameterIsReportedAtOnce() throws Exception {
        APIGatewayV2HTTPResponse response = list("status", "nope", "limit", "0", "cursor", "garbled!");

        assertBadRequest(response, "invalid_field", "status");
        assertBadRequest(response, "invalid_field", "limit");
        assertBadRequest(response, "invalid_field", "cursor");
    }

    @Test
    void anEmptyOrReversedTimeWindowIsABadRequest() throws Exception {
        assertBadRequest(list("createdAfter", "2026-11-22T10:00:00Z", "createdBefore", "2026-11-22T10:00:00Z"),
                "invalid_field", "createdBefore");
        assertBadRequest(list("createdAfter", "2026-11-22T10:00:00Z", "createdBefore", "2026-11-22T09:59:59Z"),
                "invalid_field", "createdBefore");
    }

    @Test
    void withoutAKeyNothingIsListed() throws Exception {
        stored(tenantA, 0, JobStatus.QUEUED, "email.send");
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/list-jobs.json");
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.remove("authorization");
        event.setHeaders(headers);

        APIGatewayV2HTTPResponse response = handle(event);

        assertEquals(401, response.getStatusCode());
    }
}
