package io.jobline.api;

import static io.jobline.JobTestBuilder.aFailedJob;
import static io.jobline.JobTestBuilder.aQueuedJob;
import static io.jobline.JobTestBuilder.aSucceededJob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.jobline.Job;
import io.jobline.JobId;
import io.jobline.JobSpec;
import io.jobline.JobTestBuilder;
import io.jobline.TestClock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import io.jobline.Json;
import io.jobline.TenantId;
import io.jobline.queue.FixedQueueMonitor;
import io.jobline.queue.QueueDepths;
import io.jobline.store.InMemoryJobQueries;
import io.jobline.store.InMemoryJobStore;
import io.jobline.tenant.ApiKey;
import io.jobline.tenant.InMemoryTenantStore;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StatsRoutesTest {

    /** The key in the event fixtures. */
    private static final ApiKey FIXTURE_KEY = new ApiKey("jl_test_key_for_tenant_a_0000000000000000000000");

    private final InMemoryJobStore store = new InMemoryJobStore();
    private final InMemoryTenantStore tenants = new InMemoryTenantStore();
    private final FixedQueueMonitor queues = FixedQueueMonitor.emptyQueues();
    /** Mid-minute and mid-quarter-hour, so a bucket boundary off by one shows. */
    private final TestClock clock = new TestClock(Instant.parse("2026-11-22T10:30:20Z"));
    private TenantId tenantA;
    private Routes routes;

    @BeforeEach
    void setUp() {
        tenantA = tenants.createTenant("a");
        tenants.addApiKey(tenantA, FIXTURE_KEY, "fixture");
        Router router = new Router();
        new StatsRoutes(new InMemoryJobQueries(store), queues).register(router);
        new ThroughputRoutes(new InMemoryJobQueries(store), clock).register(router);
        routes = new Routes(new Authenticator(tenants, Duration.ZERO, Clock.systemUTC()), router);
    }

    private JsonNode stats() throws Exception {
        APIGatewayV2HTTPResponse response;
        try {
            response = routes.handle(HttpRequest.from(EventLoader.loadApiGatewayHttpEvent("events/get-stats.json")));
        } catch (RuntimeException e) {
            response = ErrorResponses.from(e, "test");
        }
        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals("application/json", response.getHeaders().get("Content-Type"));
        return Json.MAPPER.readTree(response.getBody());
    }

    @Test
    void countsTheCallersJobsPerStatusWithZerosAndPerType() throws Exception {
        store.insert(aQueuedJob().forTenant(tenantA).build());
        store.insert(aSucceededJob().forTenant(tenantA).build());
        store.insert(aSucceededJob().forTenant(tenantA).build());
        store.insert(aFailedJob().forTenant(tenantA).build());

        JsonNode jobs = stats().get("jobs");

        assertEquals(Json.MAPPER.readTree("""
                {"scheduled":0,"queued":1,"running":0,"retrying":0,"succeeded":2,"failed":1,"cancelled":0}"""),
                jobs.get("byStatus"));
        assertEquals(Json.MAPPER.readTree("{\"email.send\":4}"), jobs.get("byType"));
        assertEquals(Json.MAPPER.readTree("""
                {"email.send":{"scheduled":0,"queued":1,"running":0,"retrying":0,"succeeded":2,"failed":1,
                "cancelled":0}}"""), jobs.get("byTypeAndStatus"));
    }

    @Test
    void aTenantWithoutJobsSeesZeros() throws Exception {
        JsonNode jobs = stats().get("jobs");

        jobs.get("byStatus").forEach(count -> assertEquals(0, count.intValue()));
        assertEquals(7, jobs.get("byStatus").size());
        assertEquals(0, jobs.get("byType").size());
        assertEquals(0, jobs.get("byTypeAndStatus").size());
    }

    @Test
    void anotherTenantsJobsAreNotCounted() throws Exception {
        TenantId tenantB = tenants.createTenant("b");
        store.insert(aFailedJob().forTenant(tenantB).build());
        store.insert(aQueuedJob().forTenant(tenantA).build());

        JsonNode jobs = stats().get("jobs");

        assertEquals(0, jobs.at("/byStatus/failed").intValue());
        assertEquals(1, jobs.at("/byType/email.send").intValue());
    }

    @Test
    void showsTheDepthsOfEveryQueueAndDeadLetterQueue() throws Exception {
        queues.set("jobs", new QueueDepths(12, 3, 4)).set("jobs-dlq", new QueueDepths(2, 0, 0))
                .set("jobs-high", new QueueDepths(1, 1, 0));

        JsonNode body = stats().get("queues");

        assertEquals(Json.MAPPER.readTree("""
                {"jobs":{"visible":12,"inFlight":3,"delayed":4},
                 "jobs-dlq":{"visible":2,"inFlight":0,"delayed":0},
                 "jobs-high":{"visible":1,"inFlight":1,"delayed":0},
                 "jobs-high-dlq":{"visible":0,"inFlight":0,"delayed":0}}"""), body);
    }

    @Test
    void stillCountsJobsWhenTheQueuesCannotBeAsked() throws Exception {
        store.insert(aQueuedJob().forTenant(tenantA).build());
        queues.setDown(true);

        JsonNode body = stats();

        assertTrue(body.get("queues").isNull());
        assertEquals(1, body.at("/jobs/byStatus/queued").intValue());
    }

    /** {@code GET /stats/throughput} with these query parameters, as name, value, name, value... */
    private APIGatewayV2HTTPResponse throughput(String... nameValues) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/get-stats.json");
        event.setRawPath("/stats/throughput");
        Map<String, String> query = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            query.put(nameValues[i], nameValues[i + 1]);
        }
        event.setQueryStringParameters(query.isEmpty() ? null : query);
        try {
            return routes.handle(HttpRequest.from(event));
        } catch (RuntimeException e) {
            return ErrorResponses.from(e, "test");
        }
    }

    private static JsonNode ok(APIGatewayV2HTTPResponse response) throws Exception {
        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals("application/json", response.getHeaders().get("Content-Type"));
        return Json.MAPPER.readTree(response.getBody());
    }

    private void finished(TenantId owner, String at, boolean succeeded) {
        Instant when = Instant.parse(at);
        Job running = Job.submit(JobId.random(), owner,
                        new JobSpec("email.send", JobTestBuilder.emailPayload("a@example.com"), 5), null, when)
                .start(when, Duration.ofMinutes(1));
        store.insert(succeeded ? running.succeed(Json.MAPPER.createObjectNode(), when) : running.fail("boom", when));
    }

    @Test
    void theLastHourInSixtyMinuteBucketsOldestFirstTheLastHoldingNow() throws Exception {
        finished(tenantA, "2026-11-22T10:30:05Z", true);
        finished(tenantA, "2026-11-22T10:30:19Z", false);
        finished(tenantA, "2026-11-22T09:31:00Z", false);
        finished(tenantA, "2026-11-22T09:30:59Z", true);
        finished(tenants.createTenant("b"), "2026-11-22T10:30:00Z", true);

        JsonNode body = ok(throughput());

        assertEquals("1h", body.get("window").textValue());
        assertEquals(60, body.get("bucketSeconds").intValue());
        JsonNode buckets = body.get("buckets");
        assertEquals(60, buckets.size());
        assertEquals(Json.MAPPER.readTree("{\"start\":\"2026-11-22T09:31:00Z\",\"succeeded\":0,\"failed\":1}"),
                buckets.get(0));
        assertEquals(Json.MAPPER.readTree("{\"start\":\"2026-11-22T10:30:00Z\",\"succeeded\":1,\"failed\":1}"),
                buckets.get(59));
        for (int i = 1; i < 59; i++) {
            assertEquals(Instant.parse("2026-11-22T09:31:00Z").plusSeconds(60L * i).toString(),
                    buckets.get(i).get("start").textValue());
            assertEquals(0, buckets.get(i).get("succeeded").intValue() + buckets.get(i).get("failed").intValue());
        }
    }

    @Test
    void theLastDayInNinetySixQuarterHours() throws Exception {
        finished(tenantA, "2026-11-21T10:45:00Z", true);
        finished(tenantA, "2026-11-22T10:30:10Z", true);

        JsonNode body = ok(throughput("window", "24h"));

        assertEquals("24h", body.get("window").textValue());
        assertEquals(900, body.get("bucketSeconds").intValue());
        assertEquals(96, body.get("buckets").size());
        assertEquals("2026-11-21T10:45:00Z", body.at("/buckets/0/start").textValue());
        assertEquals(1, body.at("/buckets/0/succeeded").intValue());
        assertEquals("2026-11-22T10:30:00Z", body.at("/buckets/95/start").textValue());
        assertEquals(1, body.at("/buckets/95/succeeded").intValue());
    }

    @Test
    void bucketsMoveWithTheClock() throws Exception {
        clock.advance(Duration.ofSeconds(40));

        JsonNode body = ok(throughput("window", "1h"));

        assertEquals("2026-11-22T10:31:00Z", body.at("/buckets/59/start").textValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1d", "60m", "1H", "24", "7d"})
    void anUnknownWindowIsABadRequestNamingIt(String window) throws Exception {
        APIGatewayV2HTTPResponse response = throughput("window", window);

        assertEquals(400, response.getStatusCode());
        JsonNode error = Json.MAPPER.readTree(response.getBody()).get("error");
        assertEquals("invalid_field", error.get("code").textValue());
        assertEquals("window", error.at("/details/0/field").textValue());
        assertTrue(error.at("/details/0/message").textValue().contains("1h, 24h"));
    }

    @Test
    void anUnknownParameterIsABadRequest() throws Exception {
        APIGatewayV2HTTPResponse response = throughput("windw", "1h");

        assertEquals(400, response.getStatusCode());
        assertEquals("windw", Json.MAPPER.readTree(response.getBody()).at("/error/details/0/field").textValue());
    }
}
