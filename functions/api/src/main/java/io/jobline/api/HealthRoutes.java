package io.jobline.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobline.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /health}, without an API key: asks every {@link HealthCheck} at once and answers 200 when all answered
 * within the deadline, 503 naming each one that did not. Reasons are short and never carry the exception's message (it
 * may name hosts or users); the log line has it.
 */
final class HealthRoutes {

    static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(HealthRoutes.class);

    private final List<HealthCheck> checks;
    private final Duration deadline;

    HealthRoutes(List<HealthCheck> checks) {
        this(checks, DEFAULT_DEADLINE);
    }

    HealthRoutes(List<HealthCheck> checks, Duration deadline) {
        this.checks = List.copyOf(checks);
        this.deadline = deadline;
    }

    void register(Router router) {
        router.add("GET", "/health", call -> health());
    }

    APIGatewayV2HTTPResponse health() {
        ObjectNode results = Json.MAPPER.createObjectNode();
        boolean allUp = true;
        // Not try-with-resources: close() would wait for a probe that hangs; shutdownNow() interrupts it instead.
        ExecutorService probes = Executors.newVirtualThreadPerTaskExecutor();
        try {
            long started = System.nanoTime();
            long due = started + deadline.toNanos();
            List<Future<Long>> answers = new ArrayList<>();
            for (HealthCheck check : checks) {
                answers.add(probes.submit(() -> {
                    long start = System.nanoTime();
                    check.probe();
                    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                }));
            }
            for (int i = 0; i < checks.size(); i++) {
                HealthCheck check = checks.get(i);
                ObjectNode result = results.putObject(check.name());
                try {
                    long millis = answers.get(i).get(Math.max(0, due - System.nanoTime()), TimeUnit.NANOSECONDS);
                    result.put("status", "ok").put("ms", millis);
                } catch (TimeoutException e) {
                    allUp = false;
                    log.warn("Health check {} did not answer within {} ms", check.name(), deadline.toMillis());
                    down(result, "no answer within " + deadline.toMillis() + " ms", started);
                } catch (ExecutionException e) {
                    allUp = false;
                    Throwable cause = e.getCause();
                    log.warn("Health check {} failed: {}", check.name(), String.valueOf(cause));
                    down(result, "failed: " + cause.getClass().getSimpleName(), started);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    allUp = false;
                    down(result, "interrupted", started);
                }
            }
        } finally {
            probes.shutdownNow();
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("status", allUp ? "ok" : "down");
        body.set("checks", results);
        return allUp
                ? ApiCall.json(200, body, Map.of("Cache-Control", "no-store"))
                : ApiCall.json(503, body, Map.of("Cache-Control", "no-store",
                        "Retry-After", ErrorResponses.RETRY_AFTER_SECONDS));
    }

    private static void down(ObjectNode result, String reason, long started) {
        result.put("status", "down")
                .put("ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
                .put("reason", reason);
    }
}
