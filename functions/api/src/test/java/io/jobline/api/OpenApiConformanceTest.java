package io.jobline.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.jobline.Json;
import io.jobline.TenantId;
import io.jobline.cache.InMemoryJobCache;
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
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Holds the running API to {@code openapi.json}: every route the handler serves is documented and every documented
 * operation is routed; the documented examples, sent to the handler, get a documented status and a body that
 * conforms to that status's schema; and every example in the document conforms to its own schema.
 */
class OpenApiConformanceTest {

    private static final ApiKey KEY = new ApiKey("jl_test_key_for_openapi_conformance_00000000000");
    private static final ApiKey ADMIN_KEY = new ApiKey("jl_admin_key_for_openapi_conformance_000000000");
    private static final JsonNode DOCUMENT = read();
    private static final JsonSchemaSubset SCHEMAS = new JsonSchemaSubset(DOCUMENT);

    private final InMemoryJobStore store = new InMemoryJobStore();
    private final InMemoryTenantStore tenants = new InMemoryTenantStore();
    private final InMemoryCallbackSecrets callbackSecrets = new InMemoryCallbackSecrets();
    private final List<HealthCheck> healthChecks = new ArrayList<>(List.of(
            HealthCheck.of("database", () -> {}), HealthCheck.of("cache", () -> {}), HealthCheck.of("queue", () -> {})));
    private ApiHandler handler;

    @BeforeEach
    void setUp() {
        TenantId tenant = tenants.createTenant("a");
        tenants.addApiKey(tenant, KEY, "test");
        callbackSecrets.addTenant(tenant);
        handler = handlerWith(healthChecks);
    }

    private ApiHandler handlerWith(List<HealthCheck> checks) {
        return new ApiHandler(new Dependencies(Dependencies.standardJobTypes(), store, new InMemoryJobQueue(),
                new InMemoryJobCache(), tenants, new InMemoryScheduleStore(), callbackSecrets,
                new InMemoryJobQueries(store), FixedQueueMonitor.emptyQueues(), AddressPolicy.DEFAULT, Duration.ZERO,
                Clock.systemUTC(), () -> {}, checks,
                Optional.of(HexFormat.of().formatHex(ApiKey.sha256(ADMIN_KEY.secret()))), RequestLimiter.NONE));
    }

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedOperationIsRouted() {
        TreeSet<String> documented = new TreeSet<>();
        DOCUMENT.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(
                method -> documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));
        TreeSet<String> documentedAdmin = new TreeSet<>(documented.stream().filter(OpenApiConformanceTest::isAdmin).toList());
        documented.removeAll(documentedAdmin);

        assertEquals(documented, new TreeSet<>(handler.routeList()));
        // The admin routes have a router of their own: each documented one must at least be routed.
        for (String operation : documentedAdmin) {
            String[] methodAndPath = operation.split(" ", 2);
            String path = methodAndPath[1].replaceAll("\\{[^}]+}", "x");
            APIGatewayV2HTTPResponse response =
                    handler.handleRequest(event(methodAndPath[0], path, null, ADMIN_KEY), null);
            String code = parse(response.getBody() == null ? "{}" : response.getBody()).at("/error/code").asText();
            assertTrue(!code.equals("route_not_found") && !code.equals("method_not_allowed"),
                    operation + " is documented but not routed: " + response.getBody());
        }
    }

    private static boolean isAdmin(String operation) {
        return operation.split(" ", 2)[1].startsWith("/admin/");
    }

    @Test
    void theAdminRoutesAnswerTheirDocumentedExamplesAsDocumented() {
        conformingAdmin("POST", "/admin/tenants", "/admin/tenants", example("/admin/tenants", "post", "acme"), 201);
        conformingAdmin("GET", "/admin/tenants", "/admin/tenants", null, 200);
        JsonNode key = conformingAdmin("POST", "/admin/tenants/{name}/keys", "/admin/tenants/acme/keys",
                example("/admin/tenants/{name}/keys", "post", "ci"), 201);
        conformingAdmin("GET", "/admin/tenants/{name}/keys", "/admin/tenants/acme/keys", null, 200);
        conformingAdmin("GET", "/admin/tenants/{name}/quotas", "/admin/tenants/acme/quotas", null, 200);
        conformingAdmin("PUT", "/admin/tenants/{name}/quotas", "/admin/tenants/acme/quotas",
                example("/admin/tenants/{name}/quotas", "put", "slower"), 200);
        conformingAdmin("DELETE", "/admin/keys/{keyId}", "/admin/keys/" + key.get("id").textValue(), null, 204);
        conformingAdmin("DELETE", "/admin/keys/{keyId}", "/admin/keys/" + key.get("id").textValue(), null, 404);
        conformingAdmin("GET", "/admin/tenants/{name}/quotas", "/admin/tenants/nobody/quotas", null, 404);
    }

    @Test
    void theJobRoutesAnswerTheirDocumentedExamplesAsDocumented() {
        JsonNode job = conforming("POST", "/jobs", "/jobs", example("/jobs", "post", "email"), 202);
        conforming("POST", "/jobs", "/jobs", example("/jobs", "post", "webhook"), 202);
        conforming("POST", "/jobs", "/jobs", example("/jobs", "post", "delayed"), 202);
        conforming("POST", "/jobs/batch", "/jobs/batch", example("/jobs/batch", "post", "two"), 202);
        String id = job.get("id").textValue();

        conforming("GET", "/jobs/{id}", "/jobs/" + id, null, 200);
        conforming("GET", "/jobs/{id}/attempts", "/jobs/" + id + "/attempts", null, 200);
        conforming("GET", "/jobs", "/jobs", null, 200);
        conforming("GET", "/jobs/count", "/jobs/count?status=failed&errorContains=timeout", null, 200);
        conforming("GET", "/jobs/count", "/jobs/count?limit=5", null, 400);
        conforming("POST", "/jobs/{id}/cancel", "/jobs/" + id + "/cancel", null, 200);
        conforming("POST", "/jobs/{id}/retry", "/jobs/" + id + "/retry", null, 202);
        conforming("POST", "/jobs/{id}/cancel", "/jobs/" + id + "/cancel", null, 200);
        conforming("POST", "/jobs/retry", "/jobs/retry", example("/jobs/retry", "post", "timeouts"), 202);
        conforming("POST", "/jobs/retry", "/jobs/retry", example("/jobs/retry", "post", "listed"), 202);
        conforming("GET", "/stats", "/stats", null, 200);
        conforming("GET", "/stats/throughput", "/stats/throughput", null, 200);
        conforming("GET", "/stats/throughput", "/stats/throughput?window=24h", null, 200);
        conforming("GET", "/stats/throughput", "/stats/throughput?window=7d", null, 400);
    }

    @Test
    void theScheduleAndSecretRoutesAnswerAsDocumented() {
        conforming("POST", "/schedules", "/schedules", example("/schedules", "post", "dailyReport"), 201);
        conforming("GET", "/schedules", "/schedules", null, 200);
        conforming("GET", "/schedules/{name}", "/schedules/daily-report", null, 200);
        conforming("POST", "/schedules/{name}/pause", "/schedules/daily-report/pause", null, 200);
        conforming("POST", "/schedules/{name}/resume", "/schedules/daily-report/resume", null, 200);
        conforming("DELETE", "/schedules/{name}", "/schedules/daily-report", null, 204);
        conforming("GET", "/schedules/{name}", "/schedules/daily-report", null, 404);
        conforming("GET", "/callback-secret", "/callback-secret", null, 200);
        conforming("POST", "/callback-secret/rotate", "/callback-secret/rotate", null, 200);
    }

    @Test
    void refusalsAnswerWithTheirDocumentedErrors() {
        conforming("GET", "/jobs/{id}", "/jobs/" + UUID.randomUUID(), null, 404);
        conforming("POST", "/jobs", "/jobs", Json.MAPPER.createObjectNode(), 400);
        APIGatewayV2HTTPResponse unauthenticated = handler.handleRequest(event("GET", "/jobs", null, null), null);
        assertConforms("GET", "/jobs", unauthenticated, 401);
    }

    @Test
    void thePublicRoutesAnswerWithoutAKeyAsDocumented() {
        APIGatewayV2HTTPResponse health = handler.handleRequest(event("GET", "/health", null, null), null);
        assertConforms("GET", "/health", health, 200);
        APIGatewayV2HTTPResponse description =
                handler.handleRequest(event("GET", "/openapi.json", null, null), null);
        assertConforms("GET", "/openapi.json", description, 200);
        assertEquals(DOCUMENT, parse(description.getBody()));

        for (String redirecting : new String[] {"/", "/dashboard"}) {
            APIGatewayV2HTTPResponse redirect = handler.handleRequest(event("GET", redirecting, null, null), null);
            assertConforms("GET", redirecting, redirect, 308);
            assertEquals("/dashboard/", redirect.getHeaders().get("Location"));
        }
        // The files themselves are the dashboard's change; a name no file can have is a 404 whatever is shipped.
        assertConforms("GET", "/dashboard/{file}",
                handler.handleRequest(event("GET", "/dashboard/Not-A-File.exe", null, null), null), 404);

                healthChecks.set(1, HealthCheck.of("cache", () -> {
            throw new IllegalStateException("connection refused");
        }));
        APIGatewayV2HTTPResponse down =
                handlerWith(healthChecks).handleRequest(event("GET", "/health", null, null), null);
        assertConforms("GET", "/health", down, 503);
    }

    @Test
    void everyExampleInTheDocumentConformsToItsSchema() {
        List<String> problems = new ArrayList<>();
        examples(DOCUMENT, null, "", problems);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** Walks the document; each media type object's examples are checked against its schema. */
    private static void examples(JsonNode node, JsonNode schema, String at, List<String> problems) {
        if (node.isObject()) {
            JsonNode own = node.has("schema") ? node.get("schema") : null;
            if (own != null && node.has("example")) {
                SCHEMAS.problems(own, node.get("example")).forEach(p -> problems.add(at + " example " + p));
            }
            if (own != null && node.has("examples")) {
                node.get("examples").fields().forEachRemaining(example -> SCHEMAS
                        .problems(own, example.getValue().get("value"))
                        .forEach(p -> problems.add(at + " example " + example.getKey() + " " + p)));
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!field.getKey().equals("example") && !field.getKey().equals("examples")) {
                    examples(field.getValue(), schema, at + "/" + field.getKey(), problems);
                }
            }
        }
    }

    private JsonNode conforming(String method, String template, String path, JsonNode body, int expectedStatus) {
        return conforming(method, template, path, body, KEY, expectedStatus);
    }

    private JsonNode conformingAdmin(String method, String template, String path, JsonNode body, int expectedStatus) {
        return conforming(method, template, path, body, ADMIN_KEY, expectedStatus);
    }

    private JsonNode conforming(String method, String template, String path, JsonNode body, ApiKey key,
            int expectedStatus) {
        APIGatewayV2HTTPResponse response = handler.handleRequest(event(method, path, body, key), null);
        assertConforms(method, template, response, expectedStatus);
        return response.getBody() == null ? null : parse(response.getBody());
    }

    private static void assertConforms(String method, String template, APIGatewayV2HTTPResponse response,
            int expectedStatus) {
        String operation = method + " " + template;
        assertEquals(expectedStatus, response.getStatusCode(), operation + ": " + response.getBody());
        JsonNode documented = DOCUMENT.path("paths").path(template).path(method.toLowerCase(Locale.ROOT))
                .path("responses").path(String.valueOf(expectedStatus));
        assertTrue(!documented.isMissingNode(), operation + " does not document " + expectedStatus);
        JsonNode schema = SCHEMAS.resolve(documented).path("content").path("application/json").path("schema");
        if (schema.isMissingNode()) {
            assertTrue(response.getBody() == null || response.getBody().isEmpty(), operation + " has no body");
            return;
        }
        assertEquals("application/json", response.getHeaders().get("Content-Type"), operation);
        List<String> problems = SCHEMAS.problems(schema, parse(response.getBody()));
        assertTrue(problems.isEmpty(), operation + " " + expectedStatus + ": " + problems + "\n" + response.getBody());
    }

    private static JsonNode example(String path, String method, String name) {
        JsonNode example = DOCUMENT.at("/paths/" + path.replace("/", "~1") + "/" + method
                + "/requestBody/content/application~1json/examples/" + name + "/value");
        assertTrue(!example.isMissingNode(), "no example " + name + " of " + method + " " + path);
        return example;
    }

    private static APIGatewayV2HTTPEvent event(String method, String path, JsonNode body, ApiKey key) {
        Map<String, String> headers = new HashMap<>();
        if (key != null) {
            headers.put("authorization", "Bearer " + key.secret());
        }
        if (body != null) {
            headers.put("content-type", "application/json");
        }
        // A query string, as API Gateway hands it over: parsed, the path without it.
        Map<String, String> query = new HashMap<>();
        String[] pathAndQuery = path.split("\\?", 2);
        if (pathAndQuery.length == 2) {
            for (String pair : pathAndQuery[1].split("&")) {
                String[] nameValue = pair.split("=", 2);
                query.put(nameValue[0], java.net.URLDecoder.decode(nameValue[1], java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return APIGatewayV2HTTPEvent.builder()
                .withRawPath(pathAndQuery[0])
                .withQueryStringParameters(query.isEmpty() ? null : query)
                .withHeaders(headers)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).build())
                        .build())
                .withBody(body == null ? null : body.toString())
                .build();
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonNode read() {
        return parse(ApiDescriptionRoutes.read());
    }
}
