package io.jobline.store;

/**
 * How many jobs match a {@link JobFilter}, counted up to {@value #CAP}: past that, {@code count} is the cap and
 * {@code capped} is true ("10,000+"), so a count over a huge tenant never reads more than the cap's rows.
 */
public record JobCount(long count, boolean capped) {

    public static final int CAP = 10_000;

    /** The count from up to {@code CAP + 1} matching rows: the extra one only proves there are more. */
    public static JobCount of(long rowsUpToOneOverCap) {
        return rowsUpToOneOverCap > CAP ? new JobCount(CAP, true) : new JobCount(rowsUpToOneOverCap, false);
    }
}
