package io.jobline.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobline.BackoffPolicy;
import io.jobline.Job;
import io.jobline.JobId;
import io.jobline.JobStatus;
import io.jobline.Json;
import io.jobline.Priority;
import io.jobline.Progress;
import io.jobline.TenantId;
import java.io.IOException;
import java.time.Instant;
import java.util.UUID;

/** The cached form of a job: all of it, tenant included, so a hit can be authorised and rendered without the store. */
final class JobSnapshot {

    private JobSnapshot() {}

    static String write(Job job) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("id", job.id().toString());
        node.put("tenantId", job.tenantId().toString());
        node.put("type", job.type());
        node.set("payload", job.payload());
        node.put("status", job.status().wireName());
        node.put("attempts", job.attempts());
        node.put("maxAttempts", job.maxAttempts());
        node.put("runAt", text(job.runAt()));
        node.set("result", job.result());
        node.put("error", job.error());
        node.put("idempotencyKey", job.idempotencyKey());
        node.put("version", job.version());
        node.put("leaseUntil", text(job.leaseUntil()));
        node.put("createdAt", text(job.createdAt()));
        node.put("updatedAt", text(job.updatedAt()));
        node.put("startedAt", text(job.startedAt()));
        node.put("finishedAt", text(job.finishedAt()));
        node.put("priority", job.priority().wireName());
        node.put("cancelRequested", job.cancelRequested());
        if (job.progress() != null) {
            node.putObject("progress").put("percent", job.progress().percent()).put("message", job.progress().message());
        }
        node.set("backoff", job.backoff() == null ? null : job.backoff().toJson());
        node.put("callbackUrl", job.callbackUrl());
        node.put("requestHash", job.requestHash());
        node.put("workerRequestId", job.workerRequestId());
        return node.toString();
    }

    static Job read(String text) throws IOException {
        JsonNode node = Json.MAPPER.readTree(text);
        return new Job(
                new JobId(UUID.fromString(node.get("id").textValue())),
                new TenantId(UUID.fromString(node.get("tenantId").textValue())),
                node.get("type").textValue(),
                node.get("payload"),
                JobStatus.fromWireName(node.get("status").textValue()),
                node.get("attempts").intValue(),
                node.get("maxAttempts").intValue(),
                instant(node, "runAt"),
                nullIfJsonNull(node.get("result")),
                textOrNull(node, "error"),
                textOrNull(node, "idempotencyKey"),
                node.get("version").longValue(),
                instant(node, "leaseUntil"),
                instant(node, "createdAt"),
                instant(node, "updatedAt"),
                instant(node, "startedAt"),
                instant(node, "finishedAt"),
                Priority.fromWireName(node.path("priority").asText("normal")),
                node.path("cancelRequested").asBoolean(false),
                node.hasNonNull("progress")
                        ? new Progress(node.get("progress").path("percent").asInt(),
                                textOrNull(node.get("progress"), "message"))
                        : null,
                backoff(node.get("backoff")),
                textOrNull(node, "callbackUrl"),
                textOrNull(node, "requestHash"),
                textOrNull(node, "workerRequestId"));
    }

    /** Snapshots cached before the policy was an object hold it as a JSON string, and may still be in Redis. */
    private static BackoffPolicy backoff(JsonNode stored) throws IOException {
        if (stored == null || stored.isNull()) {
            return null;
        }
        return BackoffPolicy.fromJson(stored.isTextual() ? Json.MAPPER.readTree(stored.textValue()) : stored);
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static Instant instant(JsonNode node, String field) {
        String text = textOrNull(node, field);
        return text == null ? null : Instant.parse(text);
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.textValue();
    }

    private static JsonNode nullIfJsonNull(JsonNode value) {
        return value == null || value.isNull() ? null : value;
    }
}
