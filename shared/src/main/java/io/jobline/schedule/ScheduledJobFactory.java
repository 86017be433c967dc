package io.jobline.schedule;

import io.jobline.Job;
import io.jobline.JobId;
import java.time.Instant;

/**
 * Builds the job for one occurrence of a schedule. The sweep passes it to {@link ScheduleStore#fireDue}, which stores
 * the job in the same transaction as the occurrence.
 */
@FunctionalInterface
public interface ScheduledJobFactory {

    /**
     * A {@code queued} job of {@code schedule}'s tenant for the occurrence at {@code fireAt}, created at {@code now}
     * (later than {@code fireAt} by the sweep's delay).
     */
    Job create(Schedule schedule, Instant fireAt, Instant now);

    /** The schedule's job template, submitted now with a new id. */
    static ScheduledJobFactory standard() {
        return (schedule, fireAt, now) -> Job.submit(JobId.random(), schedule.tenantId(), schedule.job(), null, now);
    }
}
