package io.jobline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: the wait after failed attempt n is random in [0, min(max, base * 2^(n-1))],
 * at least one second. The jitter spreads the retries of jobs that failed together (a throttled SES, a webhook that
 * was down) instead of retrying them in waves.
 */
public record BackoffPolicy(Duration base, Duration max) {

    /** The longest wait a policy may ask for (SQS's longest visibility timeout). */
    public static final Duration MAX_MAX = Duration.ofHours(12);

    /** Used when neither the job nor its type says otherwise. */
    public static final BackoffPolicy DEFAULT = new BackoffPolicy(Duration.ofSeconds(2), Duration.ofSeconds(900));

    public BackoffPolicy {
        if (base.isNegative() || max.isNegative() || max.compareTo(MAX_MAX) > 0) {
            throw new IllegalArgumentException("backoff must be 0 <= base, 0 <= max <= 12 h");
        }
    }

    /** {@code "2/900"}: base and maximum in seconds. */
    public static BackoffPolicy parse(String text) {
        String[] parts = text.strip().split("/");
        try {
            if (parts.length == 2) {
                return new BackoffPolicy(Duration.ofSeconds(Long.parseLong(parts[0].strip())),
                        Duration.ofSeconds(Long.parseLong(parts[1].strip())));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("a backoff looks like 2/900 (base and maximum seconds), got '" + text + "'");
    }

    /**
     * {@code {"type": "exponential", "baseSeconds": 2, "maxSeconds": 900}}: the one shape a policy takes wherever it is
     * written, in the API's job and schedule bodies, the {@code jobs.backoff} column and the cache.
     */
    public ObjectNode toJson() {
        return Json.MAPPER.createObjectNode()
                .put("type", "exponential")
                .put("baseSeconds", base.toSeconds())
                .put("maxSeconds", max.toSeconds());
    }

    /** Reads what {@link #toJson} wrote. */
    public static BackoffPolicy fromJson(JsonNode node) {
        return new BackoffPolicy(Duration.ofSeconds(node.path("baseSeconds").asLong()),
                Duration.ofSeconds(node.path("maxSeconds").asLong()));
    }

    /** The wait before the attempt after {@code failedAttempt} (1-based). */
    public Duration delayAfter(int failedAttempt, RandomGenerator random) {
        long ceilingMillis = max.toMillis();
        int doublings = Math.min(Math.max(failedAttempt - 1, 0), 30);
        long exponential = base.toMillis() << doublings;
        if (exponential >= 0 && exponential < ceilingMillis) {
            ceilingMillis = exponential;
        }
        long millis = random.nextLong(ceilingMillis + 1);
        return Duration.ofMillis(Math.max(1000, millis));
    }
}
