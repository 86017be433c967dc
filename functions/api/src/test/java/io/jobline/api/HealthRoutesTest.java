package io.jobline.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.jobline.Json;
import io.jobline.logging.CapturedLogs;
import io.jobline.queue.QueueUnavailableException;
import io.jobline.tenant.InMemoryTenantStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class HealthRoutesTest {

    private static final HealthCheck DATABASE_UP = HealthCheck.of("database", () -> {});
    private static final HealthCheck CACHE_UP = HealthCheck.of("cache", () -> {});
    private static final HealthCheck QUEUE_UP = HealthCheck.of("queue", () -> {});

    @Test
    void allChecksAnsweringIsOkWithEachCheckTimed() throws Exception {
        APIGatewayV2HTTPResponse response = new HealthRoutes(List.of(DATABASE_UP, CACHE_UP, QUEUE_UP)).health();

        assertEquals(200, response.getStatusCode());
        JsonNode body = Json.MAPPER.readTree(response.getBody());
        assertEquals("ok", body.get("status").textValue());
        for (String name : List.of("database", "cache", "queue")) {
            assertEquals("ok", body.get("checks").get(name).get("status").textValue(), name);
            assertTrue(body.get("checks").get(name).get("ms").isIntegralNumber(), name);
        }
        assertEquals("no-store", response.getHeaders().get("Cache-Control"));
    }

    @Test
    void aFailingCheckIsNamedWithAShortReasonThatKeepsItsMessageToTheLog() throws Exception {
        HealthCheck queueDown = HealthCheck.of("queue", () -> {
            throw new QueueUnavailableException("https://sqs.eu-west-1.amazonaws.com/123456789012/jobs: denied", null);
        });

        APIGatewayV2HTTPResponse response;
        List<JsonNode> logged;
        try (CapturedLogs logs = CapturedLogs.start()) {
            response = new HealthRoutes(List.of(DATABASE_UP, CACHE_UP, queueDown)).health();
            logged = logs.withMessage("Health check queue failed: " + QueueUnavailableException.class.getName()
                    + ": https://sqs.eu-west-1.amazonaws.com/123456789012/jobs: denied");
        }

        assertEquals(1, logged.size(), "the full message goes to the log");
        assertEquals(503, response.getStatusCode());
        assertEquals(ErrorResponses.RETRY_AFTER_SECONDS, response.getHeaders().get("Retry-After"));
        JsonNode body = Json.MAPPER.readTree(response.getBody());
        assertEquals("down", body.get("status").textValue());
        assertEquals("ok", body.get("checks").get("database").get("status").textValue());
        assertEquals("down", body.get("checks").get("queue").get("status").textValue());
        assertEquals("failed: QueueUnavailableException", body.get("checks").get("queue").get("reason").textValue());
        assertFalse(response.getBody().contains("123456789012"), "no account ids, hosts or secrets");
    }

    @Test
    @Timeout(10) // a hang guard: the hanging check never answers
    void aHangingCheckIsDownAfterTheDeadlineWhileTheOthersAreAskedAtTheSameTime() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        HealthCheck hanging = HealthCheck.of("cache", never::await);
        HealthCheck slowButInTime = HealthCheck.of("database", () -> Thread.sleep(150));
        HealthCheck alsoSlow = HealthCheck.of("queue", () -> Thread.sleep(150));

        APIGatewayV2HTTPResponse response =
                new HealthRoutes(List.of(slowButInTime, hanging, alsoSlow), Duration.ofMillis(400)).health();

        assertEquals(503, response.getStatusCode());
        JsonNode checks = Json.MAPPER.readTree(response.getBody()).get("checks");
        assertEquals("down", checks.get("cache").get("status").textValue());
        assertEquals("no answer within 400 ms", checks.get("cache").get("reason").textValue());
        assertEquals("ok", checks.get("database").get("status").textValue(), "run in parallel, not one after another");
        assertEquals("ok", checks.get("queue").get("status").textValue());
    }

    @Test
    void healthNeedsNoKeyWhileEveryOtherRouteStillDoes() {
        Router publicRoutes = new Router();
        new HealthRoutes(List.of(DATABASE_UP)).register(publicRoutes);
        Router router = new Router();
        router.add("GET", "/stats", call -> ApiCall.json(200, Json.MAPPER.createObjectNode()));
        Routes routes = new Routes(publicRoutes,
                new Authenticator(new InMemoryTenantStore(), Duration.ZERO, Clock.systemUTC()), router);

        assertEquals(200, routes.handle(request("GET", "/health")).getStatusCode());
        assertEquals(405, status(routes, request("POST", "/health")));
        assertEquals(401, status(routes, request("GET", "/stats")));
        assertEquals(401, status(routes, request("GET", "/no-such-route")), "unknown routes do not leak before auth");
    }

    private static int status(Routes routes, HttpRequest request) {
        try {
            return routes.handle(request).getStatusCode();
        } catch (RuntimeException e) {
            return ErrorResponses.from(e, "test").getStatusCode();
        }
    }

    private static HttpRequest request(String method, String path) {
        return new HttpRequest(method, path, Map.of(), Map.of(), new byte[0]);
    }
}
