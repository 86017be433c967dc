package io.jobline.queue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobline.InvalidJobIdException;
import io.jobline.JobId;
import io.jobline.Json;
import java.io.IOException;
import java.util.Optional;

/** The body of a queue message: {@code {"jobId": "<uuid>"}}. */
public final class JobMessage {

    private JobMessage() {}

    public static String body(JobId id) {
        return "{\"jobId\":\"" + id + "\"}";
    }

    /** The job id in a message body, or empty when the body is not a Jobline message. */
    public static Optional<JobId> jobId(String body) {
        if (body == null) {
            return Optional.empty();
        }
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            JsonNode id = node == null ? null : node.get("jobId");
            return id != null && id.isTextual() ? Optional.of(JobId.parse(id.textValue())) : Optional.empty();
        } catch (IOException | InvalidJobIdException e) {
            return Optional.empty();
        }
    }
}
