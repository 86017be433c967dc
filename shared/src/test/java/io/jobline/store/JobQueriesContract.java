package io.jobline.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobline.Job;
import io.jobline.JobId;
import io.jobline.JobSpec;
import io.jobline.JobStatus;
import io.jobline.JobTestBuilder;
import io.jobline.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link JobQueries} must do; run against the in-memory fake and PostgreSQL. */
public abstract class JobQueriesContract {

    private static final Instant T0 = JobTestBuilder.NOW;

    protected abstract JobQueries queries();

    /** Stores a job where {@link #queries()} sees it. */
    protected abstract void insert(Job job);

    /** A tenant no other test has used, that exists in the store under test. */
    protected abstract TenantId newTenant();

    private TenantId tenant;

    @BeforeEach
    void freshTenant() {
        tenant = newTenant();
    }

    /** A job created {@code minutes} after T0, stored directly in {@code status} (listing does not care how). */
    private Job aJob(TenantId owner, int minutes, JobStatus status, String type) {
        return aJob(owner, T0.plus(Duration.ofMinutes(minutes)), JobId.random(), status, type);
    }

    /** Built through the verbs, as the system builds jobs, so the test data follows every change to {@link Job}. */
    private static Job aJob(TenantId owner, Instant createdAt, JobId id, JobStatus status, String type) {
        Job queued = Job.submit(id, owner, new JobSpec(type, JobTestBuilder.emailPayload("a@example.com"), 5), null,
                createdAt);
        Duration lease = Duration.ofMinutes(2);
        return switch (status) {
            case QUEUED -> queued;
            case RUNNING -> queued.start(createdAt, lease);
            case RETRYING -> queued.start(createdAt, lease).retry("later", createdAt, createdAt);
            case SUCCEEDED -> queued.start(createdAt, lease).succeed(JobTestBuilder.emailPayload("m"), createdAt);
            case FAILED -> queued.start(createdAt, lease).fail("boom", createdAt);
            case CANCELLED -> queued.cancel(createdAt);
            case SCHEDULED -> throw new IllegalArgumentException("no test needs a scheduled job yet");
        };
    }

    /** A job created {@code minutes} after T0 that failed at once with {@code error}. */
    private static Job aFailedJob(TenantId owner, int minutes, String error) {
        Instant at = T0.plus(Duration.ofMinutes(minutes));
        return Job.submit(JobId.random(), owner, new JobSpec("email.send", JobTestBuilder.emailPayload("a@example.com"),
                5), null, at).start(at, Duration.ofMinutes(2)).fail(error, at);
    }

    /** A job of {@code owner} that finished (or not) in {@code status} at {@code finishedAt}. */
    private static Job finishedAt(TenantId owner, Instant finishedAt, JobStatus status) {
        return aJob(owner, finishedAt, JobId.random(), status, "email.send");
    }

    /** Stores {@code count} queued jobs of {@code owner}; implementations may do it in bulk. */
    protected void insertQueuedJobs(TenantId owner, int count) {
        for (int i = 0; i < count; i++) {
            insert(aJob(owner, T0, JobId.random(), JobStatus.QUEUED, "email.send"));
        }
    }

    private Job stored(Job job) {
        insert(job);
        return job;
    }

    private static List<JobId> ids(List<Job> jobs) {
        return jobs.stream().map(Job::id).toList();
    }

    private static List<JobId> newestFirst(List<Job> jobs) {
        return ids(jobs.stream().sorted(Comparator.comparing(Job::createdAt).reversed()).toList());
    }

    /** Follows nextCursor to the end, as a client does. */
    private List<List<Job>> allPages(JobQuery first) {
        List<List<Job>> pages = new ArrayList<>();
        JobQuery query = first;
        while (true) {
            JobPage page = queries().list(query);
            pages.add(page.jobs());
            if (page.nextCursor().isEmpty()) {
                return pages;
            }
            assertTrue(pages.size() < 100, "paging must end");
            query = query.after(page.nextCursor().get());
        }
    }

    @Test
    void listsNewestFirst() {
        List<Job> jobs = new ArrayList<>();
        for (int minute : new int[] {3, 1, 4, 2, 5}) {
            jobs.add(stored(aJob(tenant, minute, JobStatus.QUEUED, "email.send")));
        }

        JobPage page = queries().list(JobQuery.newestFirst(tenant, 10));

        assertEquals(newestFirst(jobs), ids(page.jobs()));
        assertEquals(Optional.empty(), page.nextCursor());
    }

    @Test
    void pagesCoverEveryJobOnceAndTheLastPageHasNoCursor() {
        List<Job> jobs = new ArrayList<>();
        for (int minute = 0; minute < 7; minute++) {
            jobs.add(stored(aJob(tenant, minute, JobStatus.SUCCEEDED, "email.send")));
        }

        List<List<Job>> pages = allPages(JobQuery.newestFirst(tenant, 3));

        assertEquals(List.of(3, 3, 1), pages.stream().map(List::size).toList());
        assertEquals(newestFirst(jobs), ids(pages.stream().flatMap(List::stream).toList()));
    }

    @Test
    void aFullLastPageHasNoCursorEither() {
        for (int minute = 0; minute < 6; minute++) {
            stored(aJob(tenant, minute, JobStatus.SUCCEEDED, "email.send"));
        }

        List<List<Job>> pages = allPages(JobQuery.newestFirst(tenant, 3));

        assertEquals(List.of(3, 3), pages.stream().map(List::size).toList(), "no empty third page");
    }

    @Test
    void jobsCreatedInTheSameInstantAreOrderedByIdAndNoneIsSkipped() {
        // ids chosen to differ in the sign bit of each half: a signed comparison would order them differently.
        List<Job> jobs = new ArrayList<>();
        for (String id : List.of("00000000-0000-7000-8000-000000000001", "80000000-0000-7000-8000-000000000002",
                "00000000-0000-7000-0000-000000000003", "ffffffff-0000-7000-8000-000000000004")) {
            jobs.add(stored(aJob(tenant, T0, new JobId(UUID.fromString(id)), JobStatus.QUEUED, "email.send")));
        }
        stored(aJob(tenant, 1, JobStatus.QUEUED, "email.send"));

        List<Job> listed = allPages(JobQuery.newestFirst(tenant, 1)).stream().flatMap(List::stream).toList();

        assertEquals(5, listed.size());
        assertEquals(List.of("ffffffff-0000-7000-8000-000000000004", "80000000-0000-7000-8000-000000000002",
                        "00000000-0000-7000-8000-000000000001", "00000000-0000-7000-0000-000000000003"),
                listed.subList(1, 5).stream().map(job -> job.id().toString()).toList());
    }

    @Test
    void filtersByStatus() {
        Job failed = stored(aJob(tenant, 1, JobStatus.FAILED, "email.send"));
        stored(aJob(tenant, 2, JobStatus.SUCCEEDED, "email.send"));
        Job failedLater = stored(aJob(tenant, 3, JobStatus.FAILED, "webhook.post"));

        JobPage page = queries().list(JobQuery.newestFirst(tenant, 10).withStatus(JobStatus.FAILED));

        assertEquals(List.of(failedLater.id(), failed.id()), ids(page.jobs()));
    }

    @Test
    void filtersByType() {
        stored(aJob(tenant, 1, JobStatus.FAILED, "email.send"));
        Job webhook = stored(aJob(tenant, 2, JobStatus.SUCCEEDED, "webhook.post"));

        JobPage page = queries().list(JobQuery.newestFirst(tenant, 10).withType("webhook.post"));

        assertEquals(List.of(webhook.id()), ids(page.jobs()));
    }

    @Test
    void filtersByStatusAndTypeTogether() {
        stored(aJob(tenant, 1, JobStatus.FAILED, "email.send"));
        stored(aJob(tenant, 2, JobStatus.SUCCEEDED, "webhook.post"));
        Job failedWebhook = stored(aJob(tenant, 3, JobStatus.FAILED, "webhook.post"));

        JobPage page = queries().list(
                JobQuery.newestFirst(tenant, 10).withStatus(JobStatus.FAILED).withType("webhook.post"));

        assertEquals(List.of(failedWebhook.id()), ids(page.jobs()));
    }

    @Test
    void createdAfterIsInclusiveAndCreatedBeforeExclusive() {
        stored(aJob(tenant, 0, JobStatus.QUEUED, "email.send"));
        Job atTheStart = stored(aJob(tenant, 10, JobStatus.QUEUED, "email.send"));
        Job inside = stored(aJob(tenant, 15, JobStatus.QUEUED, "email.send"));
        stored(aJob(tenant, 20, JobStatus.QUEUED, "email.send"));

        JobPage page = queries().list(JobQuery.newestFirst(tenant, 10)
                .createdAfter(T0.plus(Duration.ofMinutes(10)))
                .createdBefore(T0.plus(Duration.ofMinutes(20))));

        assertEquals(List.of(inside.id(), atTheStart.id()), ids(page.jobs()));
    }

    @Test
    void filtersByErrorTextIgnoringCase() {
        Job timedOut = stored(aFailedJob(tenant, 1, "Connection TIMEOUT after 30 s"));
        Job alsoTimedOut = stored(aFailedJob(tenant, 2, "read timed out; timeout=5"));
        stored(aFailedJob(tenant, 3, "550 mailbox unavailable"));
        stored(aJob(tenant, 4, JobStatus.QUEUED, "email.send"));

        JobPage page = queries().list(JobQuery.newestFirst(tenant, 10).withErrorContaining("timeOut"));

        assertEquals(List.of(alsoTimedOut.id(), timedOut.id()), ids(page.jobs()));
    }

    @Test
    void errorTextIsMatchedLiterallyNotAsAPattern() {
        Job percent = stored(aFailedJob(tenant, 1, "disk 100% full"));
        stored(aFailedJob(tenant, 2, "disk 1000 full"));
        stored(aFailedJob(tenant, 3, "no_space"));
        Job backslash = stored(aFailedJob(tenant, 4, "path C:\\jobs\\x not found"));

        assertEquals(List.of(percent.id()),
                ids(queries().list(JobQuery.newestFirst(tenant, 10).withErrorContaining("0% ")).jobs()));
        assertEquals(List.of(), ids(queries().list(JobQuery.newestFirst(tenant, 10).withErrorContaining("o_sp_"))
                .jobs()));
        assertEquals(List.of(backslash.id()),
                ids(queries().list(JobQuery.newestFirst(tenant, 10).withErrorContaining(":\\JOBS\\")).jobs()),
                "the escape character is a plain character too");
        assertEquals(List.of(), ids(queries().list(JobQuery.newestFirst(tenant, 10).withErrorContaining("C:\\%"))
                .jobs()));
    }

    @Test
    void errorTextCombinesWithTheOtherFilters() {
        stored(aFailedJob(tenant, 1, "timeout"));
        Job inWindow = stored(aFailedJob(tenant, 10, "timeout"));
        stored(aFailedJob(tenant, 11, "refused"));

        JobPage page = queries().list(JobQuery.newestFirst(tenant, 10).withStatus(JobStatus.FAILED)
                .withErrorContaining("time").createdAfter(T0.plus(Duration.ofMinutes(5))));

        assertEquals(List.of(inWindow.id()), ids(page.jobs()));
    }

    @Test
    void countsWhatTheSameFilterLists() {
        stored(aFailedJob(tenant, 1, "timeout"));
        stored(aFailedJob(tenant, 2, "timeout"));
        stored(aFailedJob(tenant, 3, "refused"));
        stored(aJob(tenant, 4, JobStatus.SUCCEEDED, "email.send"));
        stored(aFailedJob(newTenant(), 5, "timeout"));
        JobFilter filter = JobFilter.all(tenant).withStatus(JobStatus.FAILED).withErrorContaining("TIME");

        JobCount count = queries().count(filter);

        assertEquals(new JobCount(2, false), count);
        assertEquals(2, queries().list(new JobQuery(filter, JobQuery.MAX_LIMIT, Optional.empty())).jobs().size());
        assertEquals(new JobCount(4, false), queries().count(JobFilter.all(tenant)));
        assertEquals(new JobCount(1, false), queries().count(JobFilter.all(tenant).withType("email.send")
                .createdAfter(T0.plus(Duration.ofMinutes(4))).createdBefore(T0.plus(Duration.ofMinutes(5)))));
    }

    @Test
    void aTenantWithoutJobsCountsZero() {
        assertEquals(new JobCount(0, false), queries().count(JobFilter.all(tenant)));
    }

    @Test
    void countsUpToTheCapAndThenSaysSo() {
        insertQueuedJobs(tenant, JobCount.CAP);
        assertEquals(new JobCount(JobCount.CAP, false), queries().count(JobFilter.all(tenant)));

        insertQueuedJobs(tenant, 2);

        assertEquals(new JobCount(JobCount.CAP, true), queries().count(JobFilter.all(tenant)));
    }

    @Test
    void throughputCountsSucceededAndFailedJobsPerBucketWithEveryBucketPresent() {
        Duration minute = Duration.ofMinutes(1);
        stored(finishedAt(tenant, T0, JobStatus.SUCCEEDED));
        stored(finishedAt(tenant, T0.plusSeconds(59), JobStatus.SUCCEEDED));
        stored(finishedAt(tenant, T0.plusSeconds(60), JobStatus.FAILED));
        stored(finishedAt(tenant, T0.plusSeconds(61), JobStatus.FAILED));
        stored(finishedAt(tenant, T0.plusSeconds(150), JobStatus.SUCCEEDED));
        stored(finishedAt(tenant, T0.plusSeconds(30), JobStatus.CANCELLED));
        stored(finishedAt(tenant, T0.plusSeconds(30), JobStatus.RUNNING));
        stored(finishedAt(tenant, T0.minusSeconds(1), JobStatus.SUCCEEDED));
        stored(finishedAt(tenant, T0.plusSeconds(240), JobStatus.SUCCEEDED));
        stored(finishedAt(newTenant(), T0.plusSeconds(10), JobStatus.SUCCEEDED));

        Throughput throughput = queries().throughput(tenant, T0, minute, 4);

        assertEquals(List.of(new Throughput.Bucket(T0, 2, 0), new Throughput.Bucket(T0.plusSeconds(60), 0, 2),
                new Throughput.Bucket(T0.plusSeconds(120), 1, 0), new Throughput.Bucket(T0.plusSeconds(180), 0, 0)),
                throughput.buckets());
        assertEquals(T0, throughput.since());
        assertEquals(minute, throughput.bucket());
    }

    @Test
    void throughputOfATenantWithoutFinishedJobsIsAllZeros() {
        stored(aJob(tenant, 1, JobStatus.QUEUED, "email.send"));

        Throughput throughput = queries().throughput(tenant, T0, Duration.ofMinutes(15), 96);

        assertEquals(96, throughput.buckets().size());
        assertTrue(throughput.buckets().stream().allMatch(bucket -> bucket.succeeded() == 0 && bucket.failed() == 0));
        assertEquals(T0.plus(Duration.ofMinutes(15 * 95)), throughput.buckets().getLast().start());
    }

    @Test
    void filtersStayAppliedOnLaterPages() {
        List<Job> failed = new ArrayList<>();
        for (int minute = 0; minute < 10; minute++) {
            Job job = stored(aJob(tenant, minute, minute % 2 == 0 ? JobStatus.FAILED : JobStatus.SUCCEEDED,
                    "email.send"));
            if (job.status() == JobStatus.FAILED) {
                failed.add(job);
            }
        }

        List<List<Job>> pages = allPages(JobQuery.newestFirst(tenant, 2).withStatus(JobStatus.FAILED));

        assertEquals(newestFirst(failed), ids(pages.stream().flatMap(List::stream).toList()));
    }

    @Test
    void rowsInsertedWhilePagingNeitherRepeatNorShiftOlderRows() {
        List<Job> jobs = new ArrayList<>();
        for (int minute = 0; minute < 4; minute++) {
            jobs.add(stored(aJob(tenant, minute, JobStatus.QUEUED, "email.send")));
        }
        JobPage first = queries().list(JobQuery.newestFirst(tenant, 2));

        stored(aJob(tenant, 100, JobStatus.QUEUED, "email.send"));
        JobPage second = queries().list(JobQuery.newestFirst(tenant, 2).after(first.nextCursor().orElseThrow()));

        assertEquals(newestFirst(jobs).subList(2, 4), ids(second.jobs()));
    }

    @Test
    void listsOnlyTheTenantsOwnJobsEvenWithAnotherTenantsCursor() {
        TenantId other = newTenant();
        Job mine = stored(aJob(tenant, 1, JobStatus.QUEUED, "email.send"));
        Job theirs = stored(aJob(other, 2, JobStatus.QUEUED, "email.send"));
        stored(aJob(other, 3, JobStatus.QUEUED, "email.send"));

        JobPage page = queries().list(JobQuery.newestFirst(tenant, 10));
        JobPage withTheirCursor = queries().list(JobQuery.newestFirst(tenant, 10).after(JobCursor.after(theirs)));

        assertEquals(List.of(mine.id()), ids(page.jobs()));
        assertEquals(List.of(mine.id()), ids(withTheirCursor.jobs()));
    }

    @Test
    void aTenantWithoutJobsGetsAnEmptyLastPage() {
        JobPage page = queries().list(JobQuery.newestFirst(tenant, 50));

        assertEquals(List.of(), page.jobs());
        assertEquals(Optional.empty(), page.nextCursor());
    }

    @Test
    void returnsJobsAsStored() {
        Job job = stored(aJob(tenant, 1, JobStatus.FAILED, "email.send"));

        Job listed = queries().list(JobQuery.newestFirst(tenant, 1)).jobs().getFirst();

        assertEquals(job.id(), listed.id());
        assertEquals(job.tenantId(), listed.tenantId());
        assertEquals(job.payload(), listed.payload());
        assertEquals("boom", listed.error());
        assertEquals(job.createdAt(), listed.createdAt());
    }

    @Test
    void countsPerStatusWithZerosAndPerType() {
        stored(aJob(tenant, 1, JobStatus.FAILED, "email.send"));
        stored(aJob(tenant, 2, JobStatus.SUCCEEDED, "email.send"));
        stored(aJob(tenant, 3, JobStatus.SUCCEEDED, "webhook.post"));
        stored(aJob(newTenant(), 4, JobStatus.RUNNING, "other.type"));

        TenantStats stats = queries().stats(tenant);

        assertEquals(Map.of(JobStatus.SCHEDULED, 0L, JobStatus.QUEUED, 0L, JobStatus.RUNNING, 0L,
                        JobStatus.RETRYING, 0L, JobStatus.SUCCEEDED, 2L, JobStatus.FAILED, 1L,
                        JobStatus.CANCELLED, 0L), stats.byStatus());
        assertEquals(Map.of("email.send", 2L, "webhook.post", 1L), stats.byType());
        assertEquals(3, stats.total());
        assertEquals(java.util.Set.of("email.send", "webhook.post"), stats.byTypeAndStatus().keySet());
        assertEquals(1L, stats.byTypeAndStatus().get("email.send").get(JobStatus.FAILED));
        assertEquals(1L, stats.byTypeAndStatus().get("email.send").get(JobStatus.SUCCEEDED));
        assertEquals(0L, stats.byTypeAndStatus().get("webhook.post").get(JobStatus.FAILED), "every status, zeros too");
        assertEquals(JobStatus.values().length, stats.byTypeAndStatus().get("webhook.post").size());
    }

    @Test
    void aTenantWithoutJobsCountsZeroOfEveryStatus() {
        TenantStats stats = queries().stats(tenant);

        assertEquals(JobStatus.values().length, stats.byStatus().size());
        assertEquals(0, stats.total());
        assertEquals(Map.of(), stats.byType());
        assertEquals(Map.of(), stats.byTypeAndStatus());
    }
}
