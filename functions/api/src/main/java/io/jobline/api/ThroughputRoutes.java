package io.jobline.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobline.Json;
import io.jobline.ValidationException;
import io.jobline.ValidationException.FieldError;
import io.jobline.store.JobQueries;
import io.jobline.store.Throughput;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@code GET /stats/throughput?window=1h|24h}: the caller's jobs that succeeded and failed per time bucket, for a
 * chart. Every bucket is present (zeros included), oldest first; buckets start at multiples of their size since the
 * epoch (UTC), and the last one holds now, so it is still filling:
 * {@code {"window": "1h", "bucketSeconds": 60, "buckets": [{"start": "...", "succeeded": 3, "failed": 1}, ...]}}.
 */
final class ThroughputRoutes {

    /** The windows a chart may ask for: as many buckets as a chart shows legibly, of a size that divides a day. */
    enum Window {
        HOUR("1h", Duration.ofMinutes(1), 60),
        DAY("24h", Duration.ofMinutes(15), 96);

        final String wireName;
        final Duration bucket;
        final int buckets;

        Window(String wireName, Duration bucket, int buckets) {
            this.wireName = wireName;
            this.bucket = bucket;
            this.buckets = buckets;
        }

        /** The start of the first bucket, so that the last one holds {@code now}. */
        Instant since(Instant now) {
            long size = bucket.toSeconds();
            long lastStart = Math.floorDiv(now.getEpochSecond(), size) * size;
            return Instant.ofEpochSecond(lastStart).minus(bucket.multipliedBy(buckets - 1L));
        }

        static Optional<Window> fromWireName(String text) {
            return Arrays.stream(values()).filter(window -> window.wireName.equals(text)).findFirst();
        }
    }

    private static final String WINDOWS =
            Arrays.stream(Window.values()).map(window -> window.wireName).collect(Collectors.joining(", "));

    private final JobQueries queries;
    private final Clock clock;

    ThroughputRoutes(JobQueries queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    void register(Router router) {
        router.add("GET", "/stats/throughput", this::throughput);
    }

    private APIGatewayV2HTTPResponse throughput(ApiCall call) {
        Window window = window(call.request().query());
        Throughput throughput = queries.throughput(call.tenant(), window.since(clock.instant()), window.bucket,
                window.buckets);
        ObjectNode body = Json.MAPPER.createObjectNode()
                .put("window", window.wireName)
                .put("bucketSeconds", window.bucket.toSeconds());
        ArrayNode buckets = body.putArray("buckets");
        for (Throughput.Bucket bucket : throughput.buckets()) {
            buckets.addObject()
                    .put("start", bucket.start().toString())
                    .put("succeeded", bucket.succeeded())
                    .put("failed", bucket.failed());
        }
        return ApiCall.json(200, body);
    }

    /** {@code 1h} when not given; anything but a known window, or another parameter, is refused by name. */
    private static Window window(Map<String, String> query) {
        List<FieldError> errors = new java.util.ArrayList<>();
        new TreeSet<>(query.keySet()).stream()
                .filter(name -> !name.equals("window"))
                .forEach(name -> errors.add(new FieldError(name, "is not a parameter of GET /stats/throughput;"
                        + " known: window")));
        String text = query.getOrDefault("window", "");
        Optional<Window> window = text.isEmpty() ? Optional.of(Window.HOUR) : Window.fromWireName(text);
        if (window.isEmpty()) {
            String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
            errors.add(new FieldError("window", "must be one of " + WINDOWS + ", got '" + shown + "'"));
        }
        if (!errors.isEmpty()) {
            throw ValidationException.invalidFields(errors);
        }
        return window.orElseThrow();
    }
}
