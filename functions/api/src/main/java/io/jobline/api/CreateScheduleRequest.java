package io.jobline.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobline.JobSpec;
import io.jobline.JobTypes;
import io.jobline.JsonObjectReader;
import io.jobline.ValidationException;
import io.jobline.schedule.CronExpression;
import io.jobline.schedule.InvalidCronExpressionException;
import io.jobline.schedule.Schedule;
import io.jobline.webhook.AddressPolicy;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * The body of {@code POST /schedules}: {@code {"name", "cron", "timezone" (default "UTC"), "job"}}, where {@code job}
 * has the fields of a job in {@code POST /jobs} except when it runs ({@code type, payload, maxAttempts, priority,
 * backoff, callbackUrl}). The job template is validated exactly as {@code POST /jobs} validates a job, callback URL
 * included, so a schedule cannot be created that would fire jobs the API refuses.
 */
record CreateScheduleRequest(String name, CronExpression cron, ZoneId timezone, JobSpec job) {

    private static final Set<String> FIELDS = Set.of("name", "cron", "timezone", "job");
    private static final String DEFAULT_TIMEZONE = "UTC";
    private static final int MAX_TIMEZONE_LENGTH = 100;

    /** Reads and validates the whole request and reports every invalid field at once, with its path. */
    static CreateScheduleRequest parse(JsonNode body, JobTypes jobTypes, AddressPolicy callbackPolicy) {
        JsonObjectReader reader = JsonObjectReader.of(body, "");
        reader.rejectUnknownFields(FIELDS);
        String name = reader.requiredString("name", 1, Schedule.MAX_NAME_LENGTH);
        if (name != null && !Schedule.isValidName(name)) {
            reader.error("name", Schedule.nameRule() + ", got '" + name + "'");
        }
        CronExpression cron = cron(reader);
        ZoneId timezone = timezone(reader);
        JsonNode jobNode = reader.requiredObject("job");
        boolean othersInvalid = reader.hasErrors();
        JobSpec job = null;
        if (jobNode != null) {
            try {
                job = SubmitJobRequest.parse(jobNode, jobTypes, callbackPolicy);
            } catch (ValidationException invalidJob) {
                List<ValidationException.FieldError> details = invalidJob.details().stream()
                        .map(detail -> new ValidationException.FieldError("job." + detail.field(), detail.message()))
                        .toList();
                if (!othersInvalid && !invalidJob.code().equals("invalid_field")) {
                    // The one problem is the job's own (unknown_job_type): answer as POST /jobs does.
                    throw new ValidationException(invalidJob.code(), invalidJob.getMessage(), details);
                }
                reader.addErrors(details);
            }
        }
        reader.throwIfInvalid();
        return new CreateScheduleRequest(name, cron, timezone, job);
    }

    private static CronExpression cron(JsonObjectReader reader) {
        String text = reader.requiredString("cron", 1, CronExpression.MAX_LENGTH);
        if (text == null) {
            return null;
        }
        try {
            return CronExpression.parse(text);
        } catch (InvalidCronExpressionException e) {
            reader.error("cron", e.getMessage());
            return null;
        }
    }

    /** IANA zone ids only: a fixed offset such as {@code +02:00} would silently ignore daylight saving. */
    private static ZoneId timezone(JsonObjectReader reader) {
        String text = reader.optionalString("timezone", MAX_TIMEZONE_LENGTH).orElse(DEFAULT_TIMEZONE);
        if (!ZoneId.getAvailableZoneIds().contains(text)) {
            reader.error("timezone", "must be an IANA time zone such as 'Europe/Berlin' or 'UTC', got '" + text + "'");
            return null;
        }
        return ZoneId.of(text);
    }
}
