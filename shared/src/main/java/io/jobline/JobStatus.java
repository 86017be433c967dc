package io.jobline;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where a job is in its life. The allowed moves are the one table below; {@link Job} is the only caller.
 *
 * <pre>
 * scheduled -> queued -> running -> succeeded
 *                 ^         |  \--> failed -----\
 *                 |         v                    > queued (manual retry)
 *                 |      retrying -> running    /
 *                 \--------------- cancelled --/
 * </pre>
 */
public enum JobStatus {
    SCHEDULED,
    QUEUED,
    RUNNING,
    RETRYING,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    private static final Map<JobStatus, Set<JobStatus>> ALLOWED_MOVES = Map.of(
            SCHEDULED, EnumSet.of(QUEUED, CANCELLED),
            QUEUED, EnumSet.of(QUEUED, RUNNING, CANCELLED, FAILED),
            // running -> running: a worker takes over a job whose previous worker lost its lease.
            // running -> cancelled: only when a cancel was requested and the job type stopped for it.
            RUNNING, EnumSet.of(RUNNING, SUCCEEDED, FAILED, RETRYING, CANCELLED),
            RETRYING, EnumSet.of(RUNNING, CANCELLED, FAILED),
            SUCCEEDED, EnumSet.noneOf(JobStatus.class),
            FAILED, EnumSet.of(QUEUED),
            CANCELLED, EnumSet.of(QUEUED));

    public boolean canMoveTo(JobStatus next) {
        return ALLOWED_MOVES.get(this).contains(next);
    }

    public boolean isFinished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    /** The lower-case name used in JSON and in the database. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobStatus fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
