package io.jobline.api;

import static io.jobline.JobTestBuilder.aFailedJob;
import static io.jobline.JobTestBuilder.aQueuedJob;
import static io.jobline.JobTestBuilder.aSucceededJob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
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
    private TenantId tenantA;
    private Routes routes;

    @BeforeEach
    void setUp() {
        tenantA = tenants.createTenant("a");
        tenants.addApiKey(tenantA, FIXTURE_KEY, "fixture");
        Router router = new Router();
        new StatsRoutes(new InMemoryJobQueries(store), queues).register(router);
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
    }

    @Test
    void aTenantWithoutJobsSeesZeros() throws Exception {
        JsonNode jobs = stats().get("jobs");

        jobs.get("byStatus").forEach(count -> assertEquals(0, count.intValue()));
        assertEquals(7, jobs.get("byStatus").size());
        assertEquals(0, jobs.get("byType").size());
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
}
