package io.jobline.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobline.BackoffPolicy;
import io.jobline.JobSpec;
import io.jobline.JobType;
import io.jobline.JobTypes;
import io.jobline.JsonObjectReader;
import io.jobline.Priority;
import io.jobline.ValidationException;
import io.jobline.webhook.AddressPolicy;
import io.jobline.webhook.WebhookUrl;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * A job as clients describe it:
 * {@code {"type", "payload", "maxAttempts", "priority", "backoff", "callbackUrl"}}, and on submit also when to run it
 * ({@code "delaySeconds"} or {@code "runAt"}) and an {@code "idempotencyKey"}.
 */
final class SubmitJobRequest {

    /** A validated submission: what to run, when, and under which idempotency key. */
    record Submission(JobSpec spec, Instant runAt, Optional<String> idempotencyKey) {}

    /** The furthest ahead a job may be delayed: a year covers every real use, and keeps typos from hiding jobs. */
    static final Duration MAX_DELAY = Duration.ofDays(366);

    private static final Set<String> SPEC_FIELDS =
            Set.of("type", "payload", "maxAttempts", "priority", "backoff", "callbackUrl");
    private static final Set<String> SUBMISSION_FIELDS = Set.of("delaySeconds", "runAt", "idempotencyKey");
    private static final Set<String> BACKOFF_FIELDS = Set.of("type", "baseSeconds", "maxSeconds");

    private SubmitJobRequest() {}

    /**
     * A job description alone (e.g. a schedule's job template), reporting every invalid field at once.
     *
     * @param callbackPolicy which addresses a {@code callbackUrl} may name: the webhook policy, since a callback is a
     *     webhook the worker sends
     */
    static JobSpec parse(JsonNode body, JobTypes jobTypes, AddressPolicy callbackPolicy) {
        JsonObjectReader reader = JsonObjectReader.of(body, "");
        reader.rejectUnknownFields(SPEC_FIELDS);
        JobSpec spec = readSpec(reader, jobTypes, callbackPolicy);
        reader.throwIfInvalid();
        return spec;
    }

    /** A submission to {@code POST /jobs}: the job, when to run it, and its idempotency key. */
    static Submission parseSubmission(JsonNode body, JobTypes jobTypes, AddressPolicy callbackPolicy,
            Optional<String> idempotencyHeader, Instant now) {
        JsonObjectReader reader = JsonObjectReader.of(body, "");
        Set<String> known = new HashSet<>(SPEC_FIELDS);
        known.addAll(SUBMISSION_FIELDS);
        reader.rejectUnknownFields(known);
        JobSpec spec = readSpec(reader, jobTypes, callbackPolicy);
        Instant runAt = readRunAt(reader, body, now);
        Optional<String> key = reader.optionalString("idempotencyKey", 255);
        if (key.isPresent() && idempotencyHeader.isPresent() && !key.get().equals(idempotencyHeader.get())) {
            reader.error("idempotencyKey", "differs from the Idempotency-Key header");
        }
        Optional<String> idempotencyKey = key.or(() -> idempotencyHeader);
        idempotencyKey.filter(k -> k.isEmpty() || !k.chars().allMatch(c -> c >= 0x21 && c <= 0x7e))
                .ifPresent(k -> reader.error("idempotencyKey", "must be 1 to 255 printable ASCII characters"));
        reader.throwIfInvalid();
        return new Submission(spec, runAt, idempotencyKey);
    }

    private static JobSpec readSpec(JsonObjectReader reader, JobTypes jobTypes, AddressPolicy callbackPolicy) {
        String typeName = reader.requiredString("type", 1, 100);
        JsonNode payload = reader.requiredObject("payload");
        int maxAttempts = reader.optionalInt(
                "maxAttempts", 1, JobSpec.MAX_MAX_ATTEMPTS, JobSpec.DEFAULT_MAX_ATTEMPTS);
        Priority priority = reader.optionalString("priority", 10)
                .flatMap(text -> switch (text) {
                    case "high" -> Optional.of(Priority.HIGH);
                    case "normal" -> Optional.of(Priority.NORMAL);
                    default -> {
                        reader.error("priority", "must be \"high\" or \"normal\"");
                        yield Optional.empty();
                    }
                })
                .orElse(Priority.NORMAL);
        Optional<BackoffPolicy> backoff = readBackoff(reader);
        // A callback is a webhook the worker sends: the same SSRF guard, no private, loopback or metadata addresses.
        Optional<URI> callbackUrl = reader.optionalString("callbackUrl", WebhookUrl.MAX_LENGTH).flatMap(text -> {
            Optional<String> problem = WebhookUrl.problem(text, callbackPolicy);
            problem.ifPresent(why -> reader.error("callbackUrl", why));
            return problem.isPresent() ? Optional.empty() : Optional.of(URI.create(text));
        });
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
        if (reader.hasErrors()) {
            return null;
        }
        return new JobSpec(type.orElseThrow().name(), payload, maxAttempts, priority, backoff, callbackUrl);
    }

    private static Optional<BackoffPolicy> readBackoff(JsonObjectReader reader) {
        if (!reader.has("backoff")) {
            return Optional.empty();
        }
        JsonNode node = reader.requiredObject("backoff");
        if (node == null) {
            return Optional.empty();
        }
        JsonObjectReader backoff = reader.nested(node, "backoff");
        backoff.rejectUnknownFields(BACKOFF_FIELDS);
        String kind = backoff.optionalString("type", 20).orElse("exponential");
        if (!kind.equals("exponential")) {
            backoff.error("type", "must be \"exponential\"");
        }
        int base = backoff.optionalInt("baseSeconds", 0, 3600, 2);
        int max = backoff.optionalInt("maxSeconds", 1, (int) BackoffPolicy.MAX_MAX.toSeconds(), 900);
        if (base > max) {
            backoff.error("baseSeconds", "must not be above maxSeconds");
        }
        return backoff.hasErrors()
                ? Optional.empty()
                : Optional.of(new BackoffPolicy(Duration.ofSeconds(base), Duration.ofSeconds(max)));
    }

    private static Instant readRunAt(JsonObjectReader reader, JsonNode body, Instant now) {
        boolean hasDelay = body.hasNonNull("delaySeconds");
        boolean hasRunAt = body.hasNonNull("runAt");
        if (hasDelay && hasRunAt) {
            reader.error("runAt", "give delaySeconds or runAt, not both");
            return now;
        }
        if (hasDelay) {
            return now.plusSeconds(reader.optionalInt("delaySeconds", 0, (int) MAX_DELAY.toSeconds(), 0));
        }
        Optional<String> runAt = reader.optionalString("runAt", 64);
        if (runAt.isEmpty()) {
            return now;
        }
        try {
            Instant at = java.time.OffsetDateTime.parse(runAt.get()).toInstant();
            if (at.isAfter(now.plus(MAX_DELAY))) {
                reader.error("runAt", "must be at most " + MAX_DELAY.toDays() + " days ahead");
            }
            return at.isBefore(now) ? now : at;
        } catch (DateTimeParseException e) {
            reader.error("runAt", "must be an ISO-8601 date-time with an offset, e.g. 2026-11-22T10:00:00Z");
            return now;
        }
    }
}
