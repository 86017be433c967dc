package io.jobline.store;

import io.jobline.Job;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A page of jobs, newest first, and the cursor of the next page: empty on the last page, so a client that follows
 * {@code nextCursor} until it is gone never asks for a page that turns out empty.
 */
public record JobPage(List<Job> jobs, Optional<JobCursor> nextCursor) {

    public JobPage {
        jobs = List.copyOf(jobs);
        Objects.requireNonNull(nextCursor, "nextCursor");
    }

    /**
     * The page from up to {@code limit + 1} rows read newest first: the extra row, when there is one, only proves that
     * another page exists and is not returned.
     */
    public static JobPage fromRows(List<Job> rows, int limit) {
        if (rows.size() <= limit) {
            return new JobPage(rows, Optional.empty());
        }
        List<Job> page = rows.subList(0, limit);
        return new JobPage(page, Optional.of(JobCursor.after(page.getLast())));
    }
}
