package io.jobline.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobline.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/** What an API client does, over real HTTP: the integration tests' view of Jobline. */
final class JoblineClient {

    private static final Set<String> FINISHED = Set.of("succeeded", "failed", "cancelled");

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final URI base;

    JoblineClient(URI base) {
        this.base = base;
    }

    /** A response with its body parsed as JSON (null when it is not JSON). */
    record Response(int status, HttpResponse<String> raw, JsonNode json) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    Response submit(String apiKey, String body) {
        return send(HttpRequest.newBuilder(base.resolve("/jobs"))
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Response get(String apiKey, String jobId) {
        return send(HttpRequest.newBuilder(base.resolve("/jobs/" + jobId))
                .header("Authorization", "Bearer " + apiKey)
                .GET());
    }

    Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response =
                    http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            try {
                json = Json.MAPPER.readTree(response.body());
            } catch (IOException notJson) {
                // Left null: the test asserts on what it expected.
            }
            return new Response(response.statusCode(), response, json);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls the job until it is finished or {@code timeout} passes; returns the last answer. */
    Response awaitFinished(String apiKey, String jobId, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Response last = get(apiKey, jobId);
        while (!isFinished(last) && Instant.now().isBefore(deadline)) {
            pause(Duration.ofMillis(50));
            last = get(apiKey, jobId);
        }
        return last;
    }

    static boolean isFinished(Response response) {
        return response.status() == 200 && FINISHED.contains(response.json().get("status").textValue());
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
