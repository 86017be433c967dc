package io.jobline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/** {@code GET /stats} with the benchmark's key: the job queues' depths and the tenant's finished jobs. */
final class StatsClient {

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final ObjectMapper json = new ObjectMapper();
    private final URI statsUri;
    private final String authorization;

    StatsClient(URI baseUrl, String apiKey) {
        this.statsUri = URI.create(baseUrl + "/stats");
        this.authorization = "Bearer " + apiKey;
    }

    /**
     * One reading. {@code queueDepth} is visible + inFlight + delayed summed over the job queues (every queue whose
     * name does not end in {@code -dlq}), {@code deadLetters} the same over the dead-letter queues; -1 when the
     * answer had no queue depths ({@code "queues": null} while SQS cannot be asked).
     */
    record Sample(long queueDepth, long deadLetters, long succeeded, long failed, long queued, long running,
            long retrying) {
        long finished() {
            return succeeded + failed;
        }
    }

    /** A reading, or empty (with the reason on stderr, at most once per call) when /stats did not answer 200. */
    Optional<Sample> read() throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(statsUri)
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", authorization)
                .GET()
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                System.err.printf("[sustained] GET /stats answered %d: %s%n", response.statusCode(),
                        abbreviate(response.body()));
                return Optional.empty();
            }
            return Optional.of(parse(json.readTree(response.body())));
        } catch (IOException e) {
            System.err.printf("[sustained] GET /stats failed: %s%n", e);
            return Optional.empty();
        }
    }

    static Sample parse(JsonNode body) {
        JsonNode byStatus = body.path("jobs").path("byStatus");
        JsonNode queues = body.path("queues");
        long depth = -1;
        long deadLetters = -1;
        if (queues.isObject()) {
            depth = 0;
            deadLetters = 0;
            for (Iterator<Map.Entry<String, JsonNode>> it = queues.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> queue = it.next();
                JsonNode q = queue.getValue();
                long total = q.path("visible").asLong() + q.path("inFlight").asLong() + q.path("delayed").asLong();
                if (queue.getKey().endsWith("-dlq")) {
                    deadLetters += total;
                } else {
                    depth += total;
                }
            }
        }
        return new Sample(depth, deadLetters, byStatus.path("succeeded").asLong(), byStatus.path("failed").asLong(),
                byStatus.path("queued").asLong(), byStatus.path("running").asLong(),
                byStatus.path("retrying").asLong());
    }

    private static String abbreviate(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }
}
