package io.jobline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** The job as clients see it. Internal fields (tenant, version, lease, idempotency key) stay inside. */
public final class JobJson {

    private JobJson() {}

    public static ObjectNode render(Job job) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("id", job.id().toString());
        node.put("type", job.type());
        node.put("status", job.status().wireName());
        node.put("attempts", job.attempts());
        node.put("maxAttempts", job.maxAttempts());
        node.set("payload", job.payload());
        node.set("result", job.result());
        node.put("error", job.error());
        node.put("priority", job.priority().wireName());
        if (job.status() == io.jobline.JobStatus.RETRYING) {
            node.put("lastError", job.error());
            node.put("nextAttemptAt", text(job.runAt()));
        }
        if (job.progress() != null) {
            node.putObject("progress").put("percent", job.progress().percent())
                    .put("message", job.progress().message());
        }
        if (job.cancelRequested()) {
            node.put("cancelRequested", true);
        }
        if (job.callbackUrl() != null) {
            node.put("callbackUrl", job.callbackUrl());
        }
        if (job.backoff() != null) {
            node.set("backoff", job.backoff().toJson());
        }
        node.put("runAt", text(job.runAt()));
        node.put("createdAt", text(job.createdAt()));
        node.put("updatedAt", text(job.updatedAt()));
        node.put("startedAt", text(job.startedAt()));
        node.put("finishedAt", text(job.finishedAt()));
        return node;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
