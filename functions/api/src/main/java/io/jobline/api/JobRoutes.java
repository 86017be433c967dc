package io.jobline.api;

import io.jobline.JobJson;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobline.Job;
import io.jobline.JobAttempt;
import io.jobline.JobId;
import io.jobline.Json;
import io.jobline.JsonObjectReader;
import io.jobline.store.FailedJobFilter;
import io.jobline.store.JobFilter;
import io.jobline.store.JobStore;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code /jobs}: submit (one or a batch), read, cancel, retry, and the attempt history. */
final class JobRoutes {

    private static final Set<String> BULK_RETRY_FIELDS =
            Set.of("type", "failedSince", "errorContains", "createdAfter", "createdBefore", "limit");

    private final SubmitJob submitJob;
    private final GetJob getJob;
    private final CancelJob cancelJob;
    private final RetryJob retryJob;
    private final JobStore store;

    JobRoutes(SubmitJob submitJob, GetJob getJob, CancelJob cancelJob, RetryJob retryJob, JobStore store) {
        this.submitJob = submitJob;
        this.getJob = getJob;
        this.cancelJob = cancelJob;
        this.retryJob = retryJob;
        this.store = store;
    }

    void register(Router router) {
        router.add("POST", "/jobs", this::submit);
        router.add("POST", "/jobs/batch", this::submitBatch);
        router.add("POST", "/jobs/retry", this::retryFailed);
        router.add("GET", "/jobs/{id}", this::get);
        router.add("GET", "/jobs/{id}/attempts", this::attempts);
        router.add("POST", "/jobs/{id}/cancel", this::cancel);
        router.add("POST", "/jobs/{id}/retry", this::retry);
    }

    private APIGatewayV2HTTPResponse submit(ApiCall call) {
        SubmitJob.Submitted submitted =
                submitJob.submit(call.tenant(), call.jsonBody(), call.header("idempotency-key"));
        Job job = submitted.job();
        RequestLog.job(job.id());
        if (submitted.replayed()) {
            return ApiCall.json(200, JobJson.render(job),
                    Map.of("Location", "/jobs/" + job.id(), "Idempotent-Replayed", "true"));
        }
        return ApiCall.json(202, JobJson.render(job), Map.of("Location", "/jobs/" + job.id()));
    }

    private APIGatewayV2HTTPResponse submitBatch(ApiCall call) {
        List<Job> jobs = submitJob.submitBatch(call.tenant(), call.jsonBody());
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode rendered = body.putArray("jobs");
        jobs.forEach(job -> rendered.add(JobJson.render(job)));
        return ApiCall.json(202, body);
    }

    private APIGatewayV2HTTPResponse get(ApiCall call) {
        GetJob.Found found = getJob.get(call.tenant(), call.jobId());
        // RFC 9211: says whether the cache answered, for clients and for tests.
        String cacheStatus = found.fromCache() ? "jobline; hit" : "jobline; fwd=miss";
        return ApiCall.json(200, JobJson.render(found.job()), Map.of("Cache-Status", cacheStatus));
    }

    private APIGatewayV2HTTPResponse attempts(ApiCall call) {
        JobId id = call.jobId();
        // Only to answer 404 for another tenant's job: a finished job is in the cache, so a dashboard polling a job and
        // its attempts reads the row once, not twice.
        getJob.get(call.tenant(), id);
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode attempts = body.putArray("attempts");
        for (JobAttempt attempt : store.attempts(id)) {
            attempts.addObject()
                    .put("attempt", attempt.attempt())
                    .put("startedAt", String.valueOf(attempt.startedAt()))
                    .put("finishedAt", attempt.finishedAt() == null ? null : attempt.finishedAt().toString())
                    .put("outcome", attempt.outcome())
                    .put("error", attempt.error())
                    .put("workerRequestId", attempt.workerRequestId());
        }
        return ApiCall.json(200, body);
    }

    private APIGatewayV2HTTPResponse cancel(ApiCall call) {
        CancelJob.Cancelled cancelled = cancelJob.cancel(call.tenant(), call.jobId());
        // 202: a running job is only asked to stop; 200: the job is cancelled.
        return ApiCall.json(cancelled.stopRequested() ? 202 : 200, JobJson.render(cancelled.job()));
    }

    private APIGatewayV2HTTPResponse retry(ApiCall call) {
        return ApiCall.json(202, JobJson.render(retryJob.retry(call.tenant(), call.jobId())));
    }

    private APIGatewayV2HTTPResponse retryFailed(ApiCall call) {
        JsonNode body = call.optionalJsonBody();
        JsonObjectReader reader = JsonObjectReader.of(body, "");
        reader.rejectUnknownFields(BULK_RETRY_FIELDS);
        Optional<String> type = reader.optionalString("type", ListJobsRequest.MAX_TYPE_LENGTH);
        Optional<String> errorContains = reader.optionalString("errorContains", ListJobsRequest.MAX_ERROR_TEXT_LENGTH);
        Optional<Instant> failedSince = instant(reader, "failedSince");
        // As GET /jobs means them, so "retry the failed jobs listed" re-queues exactly those.
        Optional<Instant> createdAfter = instant(reader, "createdAfter");
        Optional<Instant> createdBefore = instant(reader, "createdBefore");
        if (createdAfter.isPresent() && createdBefore.isPresent() && !createdAfter.get().isBefore(createdBefore.get())) {
            reader.error("createdBefore", "must be later than createdAfter");
        }
        int limit = reader.optionalInt("limit", 1, RetryJob.MAX_BULK, RetryJob.MAX_BULK);
        reader.throwIfInvalid();
        List<JobId> retried = retryJob.retryFailed(new FailedJobFilter(call.tenant(), type, failedSince, errorContains,
                createdAfter, createdBefore), limit);
        ObjectNode response = Json.MAPPER.createObjectNode().put("retried", retried.size());
        ArrayNode ids = response.putArray("jobIds");
        retried.forEach(id -> ids.add(id.toString()));
        return ApiCall.json(202, response);
    }

    /** An optional date-time field with an offset, in the years PostgreSQL holds; a bad one is noted on the reader. */
    private static Optional<Instant> instant(JsonObjectReader reader, String name) {
        return reader.optionalString(name, 64).flatMap(text -> {
            try {
                Instant at = OffsetDateTime.parse(text).toInstant();
                if (!JobFilter.isSupported(at)) {
                    reader.error(name, "must be between years 1 and 9999");
                    return Optional.empty();
                }
                return Optional.of(at);
            } catch (DateTimeParseException e) {
                reader.error(name, "must be an ISO-8601 date-time with an offset");
                return Optional.empty();
            }
        });
    }
}
