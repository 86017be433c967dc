package io.jobline.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobline.JobSpec;
import io.jobline.JobType;
import io.jobline.JobTypes;
import io.jobline.JsonObjectReader;
import io.jobline.ValidationException;
import java.util.Optional;
import java.util.Set;

/** The body of {@code POST /jobs}: {@code {"type": "...", "payload": {...}, "maxAttempts": 1..20}}. */
final class SubmitJobRequest {

    private static final Set<String> FIELDS = Set.of("type", "payload", "maxAttempts");

    private SubmitJobRequest() {}

    /**
     * Reads and validates the whole request, the payload against its job type included, and reports every invalid
     * field at once.
     */
    static JobSpec parse(JsonNode body, JobTypes jobTypes) {
        JsonObjectReader reader = JsonObjectReader.of(body, "");
        reader.rejectUnknownFields(FIELDS);
        String typeName = reader.requiredString("type", 1, 100);
        JsonNode payload = reader.requiredObject("payload");
        int maxAttempts = reader.optionalInt(
                "maxAttempts", 1, JobSpec.MAX_MAX_ATTEMPTS, JobSpec.DEFAULT_MAX_ATTEMPTS);
        Optional<JobType> type = typeName == null ? Optional.empty() : jobTypes.find(typeName);
        if (typeName != null && type.isEmpty()) {
            if (!reader.hasErrors()) {
                jobTypes.require(typeName); // throws the specific unknown_job_type error
            }
            reader.error("type", "unknown job type '" + typeName + "'; known types: " + jobTypes.names());
        }
        if (type.isPresent() && payload != null) {
            try {
                type.get().validate(payload);
            } catch (ValidationException invalidPayload) {
                reader.addErrors(invalidPayload.details());
            }
        }
        reader.throwIfInvalid();
        return new JobSpec(type.orElseThrow().name(), payload, maxAttempts);
    }
}
