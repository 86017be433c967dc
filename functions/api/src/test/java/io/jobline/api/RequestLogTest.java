package io.jobline.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import io.jobline.Json;
import io.jobline.TenantId;
import io.jobline.cache.InMemoryJobCache;
import io.jobline.logging.CapturedLogs;
import io.jobline.logging.TestContext;
import io.jobline.metrics.EmfMetrics;
import io.jobline.queue.FixedQueueMonitor;
import io.jobline.queue.InMemoryJobQueue;
import io.jobline.ratelimit.RequestLimiter;
import io.jobline.schedule.InMemoryScheduleStore;
import io.jobline.store.InMemoryJobQueries;
import io.jobline.store.InMemoryJobStore;
import io.jobline.tenant.ApiKey;
import io.jobline.tenant.InMemoryTenantStore;
import io.jobline.webhook.AddressPolicy;
import io.jobline.webhook.InMemoryCallbackSecrets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** Every API request leaves exactly one "request" line, and a submission its EMF metrics. */
class RequestLogTest {

    private static final ApiKey FIXTURE_KEY = new ApiKey("jl_test_key_for_tenant_a_0000000000000000000000");

    private final InMemoryJobStore store = new InMemoryJobStore();
    private final InMemoryTenantStore tenants = new InMemoryTenantStore();
    private final List<String> emf = new ArrayList<>();
    private final CapturedLogs logs = CapturedLogs.start();
    private TenantId tenant;
    private ApiHandler handler;

    @BeforeEach
    void setUp() {
        tenant = tenants.createTenant("a");
        tenants.addApiKey(tenant, FIXTURE_KEY, "fixture");
        handler = new ApiHandler(new Dependencies(Dependencies.standardJobTypes(), store, new InMemoryJobQueue(),
                new InMemoryJobCache(), tenants, new InMemoryScheduleStore(), new InMemoryCallbackSecrets(),
                new InMemoryJobQueries(store), FixedQueueMonitor.emptyQueues(), AddressPolicy.DEFAULT,
                Duration.ZERO, Clock.systemUTC(), () -> {}, List.of(), Optional.empty(), RequestLimiter.NONE,
                new EmfMetrics("Jobline", "api", emf::add, Clock.systemUTC())));
    }

    @AfterEach
    void tearDown() {
        logs.close();
    }

    private APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        return handler.handleRequest(event, TestContext.withRequestId("req-123"));
    }

    private JsonNode onlyRequestLine() {
        List<JsonNode> lines = logs.withMessage("request");
        assertEquals(1, lines.size(), logs.text());
        return lines.getFirst();
    }

    @Test
    void aSubmissionLeavesOneLineWithTheRequestTheTenantAndTheJob() throws Exception {
        APIGatewayV2HTTPResponse response = handle(EventLoader.loadApiGatewayHttpEvent("events/submit-email-job.json"));

        assertEquals(202, response.getStatusCode(), response.getBody());
        JsonNode line = onlyRequestLine();
        assertEquals("INFO", line.get("level").textValue());
        assertEquals("io.jobline.api.ApiHandler", line.get("logger").textValue());
        assertEquals("POST", line.get("method").textValue());
        assertEquals("/jobs", line.get("path").textValue());
        assertEquals("/jobs", line.get("route").textValue());
        assertEquals(202, line.get("status").intValue());
        assertTrue(line.get("durationMs").isIntegralNumber(), line.toString());
        assertEquals(tenant.toString(), line.get("tenant").textValue());
        assertEquals(Json.MAPPER.readTree(response.getBody()).get("id").textValue(), line.get("jobId").textValue());
        assertEquals("req-123", line.get("requestId").textValue());
        assertTrue(MDC.getCopyOfContextMap() == null || MDC.getCopyOfContextMap().isEmpty(), "the MDC is cleared");
    }

    @Test
    void aSubmissionIsCountedInBothDimensionSets() throws Exception {
        handle(EventLoader.loadApiGatewayHttpEvent("events/submit-email-job.json"));

        assertEquals(2, emf.size(), emf.toString());
        JsonNode service = Json.MAPPER.readTree(emf.get(0));
        assertEquals("[[\"Service\"]]", service.at("/_aws/CloudWatchMetrics/0/Dimensions").toString());
        assertEquals("api", service.get("Service").textValue());
        assertEquals(1, service.get("JobsSubmitted").intValue());
        JsonNode byType = Json.MAPPER.readTree(emf.get(1));
        assertEquals("[[\"Service\",\"JobType\"]]", byType.at("/_aws/CloudWatchMetrics/0/Dimensions").toString());
        assertEquals("email.send", byType.get("JobType").textValue());
    }

    @Test
    void aReadNamesTheRouteTemplateAndTheJobButNotTheQueryString() {
        APIGatewayV2HTTPEvent get = EventLoader.loadApiGatewayHttpEvent("events/get-job.json");
        handle(get);
        JsonNode line = onlyRequestLine();
        assertEquals("/jobs/{id}", line.get("route").textValue());
        assertEquals(get.getRawPath(), line.get("path").textValue());
        assertEquals(get.getRawPath().substring("/jobs/".length()), line.get("jobId").textValue());
        assertEquals(404, line.get("status").intValue());

        logs.close();
        try (CapturedLogs list = CapturedLogs.start()) {
            handle(EventLoader.loadApiGatewayHttpEvent("events/list-jobs.json"));
            JsonNode listed = list.withMessage("request").getFirst();
            assertEquals("/jobs", listed.get("path").textValue());
            assertNull(listed.get("jobId"));
        }
        assertTrue(emf.isEmpty(), "reads record no metrics");
    }

    @Test
    void anUnauthenticatedRequestHasItsStatusAndNoTenant() {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/submit-email-job.json");
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.remove("authorization");
        event.setHeaders(headers);

        handle(event);

        JsonNode line = onlyRequestLine();
        assertEquals(401, line.get("status").intValue());
        assertNull(line.get("tenant"));
        assertEquals(1, logs.lines().size(), "nothing else is logged: " + logs.text());
    }

    @Test
    void withoutALambdaContextTheRequestIdIsLocal() {
        handler.handleRequest(EventLoader.loadApiGatewayHttpEvent("events/get-stats.json"), null);

        assertEquals("local", onlyRequestLine().get("requestId").textValue());
    }
}
