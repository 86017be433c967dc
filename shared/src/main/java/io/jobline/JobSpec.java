package io.jobline;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * What a client asks for: a job type and its (validated) payload, how often it may be attempted and how long to wait
 * between attempts, its priority, and where to report its outcome.
 */
public record JobSpec(
        String type,
        JsonNode payload,
        int maxAttempts,
        Priority priority,
        Optional<BackoffPolicy> backoff,
        Optional<URI> callbackUrl) {

    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    public static final int MAX_MAX_ATTEMPTS = 20;

    public JobSpec {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(callbackUrl, "callbackUrl");
        if (maxAttempts < 1 || maxAttempts > MAX_MAX_ATTEMPTS) {
            throw new IllegalArgumentException("maxAttempts must be 1.." + MAX_MAX_ATTEMPTS + ", got " + maxAttempts);
        }
    }

    /** Normal priority, the type's retry policy, no callback. */
    public JobSpec(String type, JsonNode payload, int maxAttempts) {
        this(type, payload, maxAttempts, Priority.NORMAL, Optional.empty(), Optional.empty());
    }
}
