package io.jobline.api;

import io.jobline.JobStatus;
import io.jobline.TenantId;
import io.jobline.ValidationException;
import io.jobline.ValidationException.FieldError;
import io.jobline.store.JobCursor;
import io.jobline.store.JobFilter;
import io.jobline.store.JobQuery;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The query strings of {@code GET /jobs} ({@code status, type, createdAfter, createdBefore, errorContains, limit,
 * cursor}) and {@code GET /jobs/count} (the same filters, no paging): one parser, so a count always describes the list
 * with the same filters. Every bad parameter is reported at once, by name; an empty value means "not given". Unknown
 * parameters are refused, so a typo ({@code stauts=failed}) does not silently list or count everything.
 */
final class ListJobsRequest {

    static final Set<String> FILTERS = Set.of("status", "type", "createdAfter", "createdBefore", "errorContains");
    static final Set<String> PARAMETERS = Stream.concat(FILTERS.stream(), Stream.of("limit", "cursor"))
            .collect(Collectors.toUnmodifiableSet());

    /** Longer than any job type name; a bound so a filter value can never be a megabyte. */
    static final int MAX_TYPE_LENGTH = 100;

    /** Enough for any phrase of an error message; the search is a substring scan, so it is kept short. */
    static final int MAX_ERROR_TEXT_LENGTH = 200;

    private static final String STATUSES =
            Arrays.stream(JobStatus.values()).map(JobStatus::wireName).collect(Collectors.joining(", "));

    private ListJobsRequest() {}

    /** {@code GET /jobs}: the filters, a page size and where to continue. */
    static JobQuery parse(TenantId tenant, Map<String, String> query) {
        List<FieldError> errors = unknown(query, PARAMETERS, "GET /jobs");
        JobFilter filter = filter(tenant, query, errors);
        int limit = value(query, "limit").map(text -> limit(text, errors)).orElse(JobQuery.DEFAULT_LIMIT);

        Optional<JobCursor> cursor;
        try {
            cursor = value(query, "cursor").map(JobCursor::decode);
        } catch (ValidationException badCursor) {
            if (errors.isEmpty()) {
                throw badCursor;
            }
            // Several parameters are wrong: report them all, the cursor among them.
            errors.addAll(badCursor.details());
            cursor = Optional.empty();
        }
        throwIfAny(errors);
        return new JobQuery(filter, limit, cursor);
    }

    /** {@code GET /jobs/count}: the filters alone. */
    static JobFilter parseFilter(TenantId tenant, Map<String, String> query) {
        List<FieldError> errors = unknown(query, FILTERS, "GET /jobs/count");
        JobFilter filter = filter(tenant, query, errors);
        throwIfAny(errors);
        return filter;
    }

    /** The filters; what is wrong with them is added to {@code errors} and the filter is then meaningless. */
    private static JobFilter filter(TenantId tenant, Map<String, String> query, List<FieldError> errors) {
        Optional<JobStatus> status = value(query, "status").flatMap(text -> status(text, errors));
        Optional<String> type = value(query, "type").flatMap(text -> text("type", text, MAX_TYPE_LENGTH, errors));
        Optional<Instant> after = value(query, "createdAfter").flatMap(text -> instant("createdAfter", text, errors));
        Optional<Instant> before =
                value(query, "createdBefore").flatMap(text -> instant("createdBefore", text, errors));
        if (after.isPresent() && before.isPresent() && !after.get().isBefore(before.get())) {
            errors.add(new FieldError("createdBefore", "must be later than createdAfter"));
        }
        Optional<String> errorContains = value(query, "errorContains")
                .flatMap(text -> text("errorContains", text, MAX_ERROR_TEXT_LENGTH, errors));
        return new JobFilter(tenant, status, type, after, before, errorContains);
    }

    private static List<FieldError> unknown(Map<String, String> query, Set<String> known, String route) {
        List<FieldError> errors = new ArrayList<>();
        new TreeSet<>(query.keySet()).stream()
                .filter(name -> !known.contains(name))
                .forEach(name -> errors.add(new FieldError(name, "is not a parameter of " + route + "; known: "
                        + String.join(", ", new TreeSet<>(known)))));
        return errors;
    }

    private static void throwIfAny(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw ValidationException.invalidFields(errors);
        }
    }

    private static Optional<String> value(Map<String, String> query, String name) {
        return Optional.ofNullable(query.get(name)).filter(text -> !text.isEmpty());
    }

    private static Optional<JobStatus> status(String text, List<FieldError> errors) {
        for (JobStatus status : JobStatus.values()) {
            if (status.wireName().equals(text)) {
                return Optional.of(status);
            }
        }
        errors.add(new FieldError("status", "must be one of " + STATUSES + ", got '" + abbreviate(text) + "'"));
        return Optional.empty();
    }

    /** Any text is a valid filter (jobs of a type this deployment no longer runs can still be listed), if bounded. */
    private static Optional<String> text(String name, String text, int maxLength, List<FieldError> errors) {
        if (text.length() > maxLength) {
            errors.add(new FieldError(name, "must be at most " + maxLength + " characters"));
            return Optional.empty();
        }
        String unstorable = io.jobline.Json.unstorable(text);
        if (unstorable != null) {
            errors.add(new FieldError(name, unstorable));
            return Optional.empty();
        }
        return Optional.of(text);
    }

    private static Optional<Instant> instant(String name, String text, List<FieldError> errors) {
        try {
            Instant instant = Instant.parse(text);
            if (JobFilter.isSupported(instant)) {
                return Optional.of(instant);
            }
            errors.add(new FieldError(name, "must be between years 1 and 9999, got '" + abbreviate(text) + "'"));
        } catch (DateTimeParseException e) {
            // A '+' in a query string decodes to a space: the likeliest way to send a valid offset and fail.
            String hint = text.contains(" ") ? " (send a '+' offset as %2B)" : "";
            errors.add(new FieldError(name, "must be an ISO-8601 instant such as 2026-11-22T10:00:00Z, got '"
                    + abbreviate(text) + "'" + hint));
        }
        return Optional.empty();
    }

    private static int limit(String text, List<FieldError> errors) {
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= JobQuery.MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // Reported below, as out of range.
        }
        errors.add(new FieldError("limit", "must be a whole number from 1 to " + JobQuery.MAX_LIMIT + ", got '"
                + abbreviate(text) + "'"));
        return JobQuery.DEFAULT_LIMIT;
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
