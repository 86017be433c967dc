package io.jobline.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobline.BackoffPolicy;
import io.jobline.JobSpec;
import io.jobline.Json;
import io.jobline.Priority;
import java.net.URI;
import java.util.Optional;

/**
 * A schedule's job template as JSON, in the shape clients send it to {@code POST /jobs}: {@code {"type", "payload",
 * "maxAttempts", "priority", "backoff"?, "callbackUrl"?}}. Stored in {@code schedules.job} and shown by the API.
 */
public final class JobTemplate {

    private JobTemplate() {}

    public static ObjectNode toJson(JobSpec job) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("type", job.type());
        node.set("payload", job.payload());
        node.put("maxAttempts", job.maxAttempts());
        node.put("priority", job.priority().wireName());
        job.backoff().ifPresent(backoff -> node.set("backoff", backoff.toJson()));
        job.callbackUrl().ifPresent(url -> node.put("callbackUrl", url.toString()));
        return node;
    }

    /**
     * Reads what {@link #toJson} wrote.
     *
     * @throws IllegalArgumentException if {@code node} is not such a template
     */
    public static JobSpec fromJson(JsonNode node) {
        if (!node.path("type").isTextual() || !node.path("payload").isObject()
                || !node.path("maxAttempts").canConvertToInt()) {
            throw new IllegalArgumentException("A job template needs type, payload and maxAttempts: " + node);
        }
        Priority priority = node.hasNonNull("priority")
                ? Priority.fromWireName(node.get("priority").textValue())
                : Priority.NORMAL;
        Optional<BackoffPolicy> backoff = Optional.ofNullable(node.get("backoff"))
                .filter(JsonNode::isObject)
                .map(BackoffPolicy::fromJson);
        Optional<URI> callbackUrl = Optional.ofNullable(node.get("callbackUrl"))
                .filter(JsonNode::isTextual)
                .map(url -> URI.create(url.textValue()));
        return new JobSpec(node.get("type").textValue(), node.get("payload"), node.get("maxAttempts").intValue(),
                priority, backoff, callbackUrl);
    }
}
