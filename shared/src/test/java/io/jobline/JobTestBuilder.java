package io.jobline;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;

/** Test jobs that read as English: {@code aQueuedJob().forTenant(t).build()}. */
public final class JobTestBuilder {

    public static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    private TenantId tenant = new TenantId(java.util.UUID.fromString("00000000-0000-0000-0000-0000000000aa"));
    private JsonNode payload = emailPayload("someone@example.com");
    private int maxAttempts = JobSpec.DEFAULT_MAX_ATTEMPTS;
    private int startedAttempts;
    private boolean succeeded;
    private String failedWith;

    private JobTestBuilder() {}

    public static JobTestBuilder aQueuedJob() {
        return new JobTestBuilder();
    }

    public static JobTestBuilder aRunningJob() {
        return new JobTestBuilder().startedTimes(1);
    }

    public static JobTestBuilder aSucceededJob() {
        JobTestBuilder builder = aRunningJob();
        builder.succeeded = true;
        return builder;
    }

    public static JobTestBuilder aFailedJob() {
        JobTestBuilder builder = aRunningJob();
        builder.failedWith = "boom";
        return builder;
    }

    public static JsonNode emailPayload(String to) {
        return Json.MAPPER.createObjectNode()
                .<com.fasterxml.jackson.databind.node.ObjectNode>set("to", Json.MAPPER.createArrayNode().add(to))
                .put("subject", "Hello")
                .put("text", "Hi there");
    }

    public JobTestBuilder forTenant(TenantId tenantId) {
        this.tenant = tenantId;
        return this;
    }

    public JobTestBuilder withPayload(JsonNode jobPayload) {
        this.payload = jobPayload;
        return this;
    }

    public JobTestBuilder withMaxAttempts(int attempts) {
        this.maxAttempts = attempts;
        return this;
    }

    /** Started this many times; all but the last attempt failed and were retried. */
    public JobTestBuilder startedTimes(int attempts) {
        this.startedAttempts = attempts;
        return this;
    }

    public Job build() {
        Job job = Job.submit(JobId.random(), tenant, new JobSpec("email.send", payload, maxAttempts), null, NOW);
        for (int i = 1; i <= startedAttempts; i++) {
            job = job.start(NOW, Duration.ofMinutes(2));
            if (i < startedAttempts) {
                job = job.retry("attempt " + i + " failed", NOW, NOW);
            }
        }
        if (succeeded) {
            job = job.succeed(Json.MAPPER.createObjectNode().put("messageId", "m-1"), NOW);
        }
        if (failedWith != null) {
            job = job.fail(failedWith, NOW);
        }
        return job;
    }
}
