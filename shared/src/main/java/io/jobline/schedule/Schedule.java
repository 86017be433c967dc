package io.jobline.schedule;

import io.jobline.JobSpec;
import io.jobline.TenantId;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A recurring schedule: a tenant's named cron expression in a time zone and the job to submit at each occurrence.
 * Immutable; changed through its verbs, which return the next state.
 *
 * <p>{@code nextFireAt} is the first occurrence that has not fired yet. It stays as it was while the schedule is
 * paused, and {@link #resume} recomputes it from the time of resuming: occurrences missed while paused never fire.
 * {@code version} is the stored row's version, bumped by every write.
 */
public record Schedule(
        UUID id,
        TenantId tenantId,
        String name,
        CronExpression cron,
        ZoneId timezone,
        JobSpec job,
        boolean paused,
        Instant nextFireAt,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    public static final int MAX_NAME_LENGTH = 100;

    /**
     * Letters, digits, dot, underscore and hyphen, so a name is a URL path segment as it is. It starts with a letter or
     * digit: {@code .} and {@code ..} would be rewritten by HTTP clients before they reach us.
     */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_NAME_LENGTH - 1) + "}");

    public Schedule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(cron, "cron");
        Objects.requireNonNull(timezone, "timezone");
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(nextFireAt, "nextFireAt");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (!isValidName(name)) {
            throw new IllegalArgumentException("Invalid schedule name: " + name);
        }
    }

    /** A new, active schedule whose first occurrence is the first fire time after {@code now}. */
    public static Schedule create(TenantId tenantId, String name, CronExpression cron, ZoneId timezone, JobSpec job,
            Instant now) {
        return new Schedule(UUID.randomUUID(), tenantId, name, cron, timezone, job, false,
                cron.nextAfter(now, timezone), now, now, 0);
    }

    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** Why {@code name} is not a valid schedule name, in words for an API client. */
    public static String nameRule() {
        return "must be 1 to " + MAX_NAME_LENGTH + " letters, digits, '.', '_' or '-', starting with a letter or digit";
    }

    /** Stops firing; a paused schedule stays paused until {@link #resume}. */
    public Schedule pause(Instant now) {
        if (paused) {
            return this;
        }
        return new Schedule(id, tenantId, name, cron, timezone, job, true, nextFireAt, createdAt, now, version);
    }

    /** Fires again from the next occurrence after {@code now}; nothing missed while paused is made up for. */
    public Schedule resume(Instant now) {
        if (!paused) {
            return this;
        }
        return new Schedule(id, tenantId, name, cron, timezone, job, false, cron.nextAfter(now, timezone), createdAt,
                now, version);
    }

    public boolean isDue(Instant now) {
        return !paused && !nextFireAt.isAfter(now);
    }

    /**
     * The occurrence to fire now: the latest one at or before {@code now}. If the sweep did not run for a while, the
     * earlier missed occurrences are skipped rather than fired in a burst (a daily report run seven times in a row
     * helps nobody; cron does the same).
     */
    public Instant dueOccurrence(Instant now) {
        if (!isDue(now)) {
            throw new IllegalStateException("Schedule " + name + " is not due at " + now);
        }
        return cron.latestAtOrBefore(nextFireAt, now, timezone);
    }

    /** The state after the occurrence at {@code fireAt} was handled: due again at the next one after it. */
    public Schedule fired(Instant fireAt, Instant now) {
        return new Schedule(id, tenantId, name, cron, timezone, job, paused, cron.nextAfter(fireAt, timezone),
                createdAt, now, version);
    }

    /** The next {@code count} occurrences, starting with {@code nextFireAt}; none while paused. */
    public List<Instant> nextFireTimes(int count) {
        if (paused || count <= 0) {
            return List.of();
        }
        List<Instant> times = new java.util.ArrayList<>(count);
        times.add(nextFireAt);
        times.addAll(cron.nextTimes(nextFireAt, timezone, count - 1));
        return List.copyOf(times);
    }

    /** The same state as stored under {@code newVersion}. */
    public Schedule withVersion(long newVersion) {
        return new Schedule(id, tenantId, name, cron, timezone, job, paused, nextFireAt, createdAt, updatedAt,
                newVersion);
    }
}
