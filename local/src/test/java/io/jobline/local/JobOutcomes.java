package io.jobline.local;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * How the fault tests follow many jobs to their end: the jobs they submitted, a wait until every row is final, and
 * the tally of what became of them.
 */
final class JobOutcomes {

    private static final List<String> FINAL = List.of("succeeded", "failed", "cancelled");

    private JobOutcomes() {}

    /** A job the test submitted, and its own recipient. */
    record Submitted(String id, String address) {}

    /** The status of each job by id, as read from the database. */
    interface Statuses {
        Map<String, String> read() throws SQLException;
    }

    /** How the jobs ended; {@code lost} have no row or a row that is not final. */
    record Tally(int succeeded, int failed, int lost) {

        static Tally of(List<Submitted> jobs, Map<String, String> statuses) {
            int succeeded = 0;
            int failed = 0;
            int lost = 0;
            for (Submitted job : jobs) {
                String status = statuses.get(job.id());
                if ("succeeded".equals(status)) {
                    succeeded++;
                } else if ("failed".equals(status) || "cancelled".equals(status)) {
                    failed++;
                } else {
                    lost++;
                }
            }
            return new Tally(succeeded, failed, lost);
        }
    }

    /** Reads the statuses every {@code poll} until all are final or {@code timeout} passes; the last reading. */
    static Map<String, String> awaitFinal(Statuses statuses, Duration timeout, Duration poll) throws SQLException {
        Instant deadline = Instant.now().plus(timeout);
        Map<String, String> read = statuses.read();
        while (Instant.now().isBefore(deadline) && read.values().stream().anyMatch(status -> !isFinal(status))) {
            JoblineClient.pause(poll);
            read = statuses.read();
        }
        return read;
    }

    static boolean isFinal(String status) {
        return status != null && FINAL.contains(status);
    }
}
