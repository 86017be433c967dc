package io.jobline.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobline.JobSpec;
import io.jobline.JsonObjectReader;
import java.util.Set;

/** The body of {@code POST /jobs}: {@code {"type": "...", "payload": {...}, "maxAttempts": 1..20}}. */
record SubmitJobRequest(String type, JsonNode payload, int maxAttempts) {

    private static final Set<String> FIELDS = Set.of("type", "payload", "maxAttempts");

    static SubmitJobRequest parse(JsonNode body) {
        JsonObjectReader reader = JsonObjectReader.of(body, "");
        reader.rejectUnknownFields(FIELDS);
        String type = reader.requiredString("type", 1, 100);
        JsonNode payload = reader.requiredObject("payload");
        int maxAttempts = reader.optionalInt(
                "maxAttempts", 1, JobSpec.MAX_MAX_ATTEMPTS, JobSpec.DEFAULT_MAX_ATTEMPTS);
        reader.throwIfInvalid();
        return new SubmitJobRequest(type, payload, maxAttempts);
    }
}
