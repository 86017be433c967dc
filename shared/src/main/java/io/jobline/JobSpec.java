package io.jobline;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/** What a client asks for: a job type, its (validated) payload and how often it may be attempted. */
public record JobSpec(String type, JsonNode payload, int maxAttempts) {

    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    public static final int MAX_MAX_ATTEMPTS = 20;

    public JobSpec {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
        if (maxAttempts < 1 || maxAttempts > MAX_MAX_ATTEMPTS) {
            throw new IllegalArgumentException("maxAttempts must be 1.." + MAX_MAX_ATTEMPTS + ", got " + maxAttempts);
        }
    }
}
