package io.jobline.store;

import io.jobline.Job;
import io.jobline.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** {@link JobQueries} over an {@link InMemoryJobStore}, with PostgreSQL's order and filters. */
public final class InMemoryJobQueries implements JobQueries {

    /**
     * Newest first, ties broken by id, descending. PostgreSQL compares uuids as unsigned bytes; {@code
     * UUID.compareTo} compares signed longs, so compare the halves unsigned to sort exactly as the database does.
     */
    static final Comparator<Job> NEWEST_FIRST = Comparator.comparing(Job::createdAt)
            .thenComparing((a, b) -> compareUnsigned(a, b))
            .reversed();

    private final InMemoryJobStore store;

    public InMemoryJobQueries(InMemoryJobStore store) {
        this.store = store;
    }

    @Override
    public JobPage list(JobQuery query) {
        List<Job> rows = matching(query.filter())
                .filter(job -> query.cursor().map(cursor -> isAfter(job, cursor)).orElse(true))
                .sorted(NEWEST_FIRST)
                .limit(query.limit() + 1L)
                .toList();
        return JobPage.fromRows(rows, query.limit());
    }

    @Override
    public JobCount count(JobFilter filter) {
        return JobCount.of(matching(filter).limit(JobCount.CAP + 1L).count());
    }

    @Override
    public Throughput throughput(TenantId tenant, Instant since, Duration bucket, int buckets) {
        Throughput.Tally tally = new Throughput.Tally(since, bucket, buckets);
        store.all().stream()
                .filter(job -> job.tenantId().equals(tenant) && job.finishedAt() != null)
                .forEach(job -> tally.add(job.finishedAt(), job.status(), 1));
        return tally.throughput();
    }

    @Override
    public TenantStats stats(TenantId tenant) {
        TenantStats.Tally tally = new TenantStats.Tally();
        store.all().stream()
                .filter(job -> job.tenantId().equals(tenant))
                .forEach(job -> tally.add(job.status(), job.type(), 1));
        return tally.stats();
    }

    private Stream<Job> matching(JobFilter filter) {
        return store.all().stream()
                .filter(job -> job.tenantId().equals(filter.tenant()))
                .filter(job -> filter.status().map(status -> job.status() == status).orElse(true))
                .filter(job -> filter.type().map(type -> job.type().equals(type)).orElse(true))
                .filter(job -> filter.createdAfter().map(after -> !job.createdAt().isBefore(after)).orElse(true))
                .filter(job -> filter.createdBefore().map(before -> job.createdAt().isBefore(before)).orElse(true))
                .filter(job -> filter.errorContains().map(text -> InMemoryJobStore.errorContains(job, text))
                        .orElse(true));
    }

    /** {@code (created_at, id) < (cursor.createdAt, cursor.id)}: the job sorts after the cursor, newest first. */
    private static boolean isAfter(Job job, JobCursor cursor) {
        int byTime = job.createdAt().compareTo(cursor.createdAt());
        if (byTime != 0) {
            return byTime < 0;
        }
        return compareUnsigned(job.id().value(), cursor.id().value()) < 0;
    }

    private static int compareUnsigned(Job a, Job b) {
        return compareUnsigned(a.id().value(), b.id().value());
    }

    private static int compareUnsigned(java.util.UUID a, java.util.UUID b) {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }
}
