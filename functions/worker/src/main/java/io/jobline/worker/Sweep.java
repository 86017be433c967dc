package io.jobline.worker;

import io.jobline.Job;
import io.jobline.JobId;
import io.jobline.JobStatus;
import io.jobline.Json;
import io.jobline.queue.JobMessage;
import io.jobline.queue.JobQueue;
import io.jobline.queue.QueueUnavailableException;
import io.jobline.store.JobStore;
import io.jobline.store.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic repair of everything a crash or an outage can leave behind, so no job is lost and none stays running
 * forever. Each step does a bounded amount of work per run, and every change is a compare-and-set: two sweeps running
 * at once cannot both act on a job (the loser's write fails and it moves on).
 *
 * <ol>
 *   <li>Queued jobs unchanged for a while (their message never reached SQS, or was lost) are queued again.
 *   <li>Running jobs past their lease (worker killed, Lambda timed out) go back to {@code retrying}, or to
 *       {@code failed} when their attempts are spent.
 *   <li>Scheduled jobs due within the queue's 15-minute delay are queued, with the remaining delay.
 *   <li>Recurring schedules fire their due occurrences, each exactly once.
 *   <li>Messages SQS moved to a dead-letter queue mark their jobs {@code failed} ("dead-lettered").
 *   <li>Finished jobs past their retention are deleted.
 * </ol>
 */
public final class Sweep {

    /** What one run did: logged as one {@code "sweep"} line with a field per count, returned as {@link #toJson()}. */
    public record Report(
            int requeued,
            int orphansRetried,
            int orphansFailed,
            int scheduledQueued,
            int occurrencesFired,
            int deadLettered,
            int deleted,
            int problems,
            long durationMs) {

        public String toJson() {
            return Json.MAPPER.createObjectNode().set("sweep", Json.MAPPER.valueToTree(this)).toString();
        }
    }

    /** Fires the due occurrences of recurring schedules and returns the jobs they created (still to be queued). */
    @FunctionalInterface
    public interface Schedules {
        List<Job> fireDue(Instant now, int limit);

        Schedules NONE = (now, limit) -> List.of();
    }

    /** How much a run may do and when things count as lost or old. */
    public record Settings(
            int batchLimit, Duration staleQueuedAfter, Duration succeededRetention, Duration failedRetention) {}

    private static final Logger log = LoggerFactory.getLogger(Sweep.class);

    private final JobStore store;
    private final JobQueue queue;
    private final Schedules schedules;
    private final Clock clock;
    private final Settings settings;
    private final Consumer<Job> onFinished;

    public Sweep(JobStore store, JobQueue queue, Schedules schedules, Clock clock, Settings settings,
            Consumer<Job> onFinished) {
        this.store = store;
        this.queue = queue;
        this.schedules = schedules;
        this.clock = clock;
        this.settings = settings;
        this.onFinished = onFinished;
    }

    public Report run() {
        long started = System.nanoTime();
        Instant now = clock.instant();
        int[] problems = {0};
        int requeued = step("re-queue stale queued jobs", problems, 0, () -> requeueStale(now));
        int[] orphans = step("recover orphaned jobs", problems, new int[] {0, 0}, () -> recoverOrphans(now));
        int scheduled = step("queue due scheduled jobs", problems, 0, () -> queueDueScheduled(now));
        int fired = step("fire schedules", problems, 0, () -> fireSchedules(now));
        int deadLettered = step("record dead letters", problems, 0, this::recordDeadLetters);
        int deleted = step("delete expired jobs", problems, 0, () -> deleteExpired(now));
        Report report = new Report(requeued, orphans[0], orphans[1], scheduled, fired, deadLettered, deleted,
                problems[0], (System.nanoTime() - started) / 1_000_000);
        log(report);
        return report;
    }

    /** One {@code "sweep"} line whose counts are fields of their own, so log queries can filter and sum them. */
    private static void log(Report report) {
        log.atInfo().setMessage("sweep")
                .addKeyValue("requeued", report.requeued())
                .addKeyValue("orphansRetried", report.orphansRetried())
                .addKeyValue("orphansFailed", report.orphansFailed())
                .addKeyValue("scheduledQueued", report.scheduledQueued())
                .addKeyValue("occurrencesFired", report.occurrencesFired())
                .addKeyValue("deadLettered", report.deadLettered())
                .addKeyValue("deleted", report.deleted())
                .addKeyValue("problems", report.problems())
                .addKeyValue("durationMs", report.durationMs())
                .log();
    }

    private int requeueStale(Instant now) {
        Instant before = now.minus(settings.staleQueuedAfter());
        int count = 0;
        for (Job job : store.findUnchangedSince(JobStatus.QUEUED, before, settings.batchLimit())) {
            if (job.runAt().isAfter(before)) {
                continue; // queued with a delay that has not run out yet
            }
            Optional<Job> touched = store.update(job.requeue(now));
            if (touched.isPresent() && enqueue(touched.get(), Duration.ZERO)) {
                count++;
            }
        }
        return count;
    }

    private int[] recoverOrphans(Instant now) {
        int retried = 0;
        int failed = 0;
        for (Job job : store.findOrphans(now, settings.batchLimit())) {
            String lost = "Attempt " + job.attempts() + " lost its worker (killed or timed out); lease ended "
                    + job.leaseUntil();
            Job next = job.cancelRequested() ? job.cancel(now)
                    : job.hasAttemptsLeft() ? job.retry(lost, now, now)
                    : job.fail(lost + "; no attempts left", now);
            Optional<Job> written = store.update(next);
            if (written.isEmpty()) {
                continue; // a worker or another sweep got there first
            }
            if (written.get().status() == JobStatus.RETRYING) {
                enqueue(written.get(), Duration.ZERO);
                retried++;
            } else {
                onFinished.accept(written.get());
                failed++;
            }
        }
        return new int[] {retried, failed};
    }

    private int queueDueScheduled(Instant now) {
        int count = 0;
        for (Job job : store.findScheduledDueBy(now.plus(JobQueue.MAX_DELAY), settings.batchLimit())) {
            Optional<Job> queued = store.update(job.requeue(now));
            Duration delay = job.runAt().isAfter(now) ? Duration.between(now, job.runAt()) : Duration.ZERO;
            if (queued.isPresent() && enqueue(queued.get(), delay)) {
                count++;
            }
        }
        return count;
    }

    private int fireSchedules(Instant now) {
        int count = 0;
        for (Job job : schedules.fireDue(now, settings.batchLimit())) {
            // A job whose enqueue fails stays queued in the store, and the stale step queues it later.
            enqueue(job, Duration.ZERO);
            count++;
        }
        return count;
    }

    private int recordDeadLetters() {
        int count = 0;
        for (JobQueue.DeadLetter letter : queue.receiveDeadLetters(settings.batchLimit())) {
            Optional<JobId> id = JobMessage.jobId(letter.body());
            Optional<Job> job = id.flatMap(store::find);
            if (job.isPresent() && !job.get().isFinished() && job.get().status() != JobStatus.SCHEDULED) {
                Optional<Job> failed = store.update(job.get().fail(
                        "Dead-lettered: its message was received " + letter.receiveCount()
                                + " times without the job finishing", clock.instant()));
                if (failed.isEmpty()) {
                    continue; // changed meanwhile; the letter stays and is looked at again next run
                }
                onFinished.accept(failed.get());
                count++;
            }
            queue.deleteDeadLetter(letter);
        }
        return count;
    }

    private int deleteExpired(Instant now) {
        return store.deleteFinishedBefore(JobStatus.SUCCEEDED, now.minus(settings.succeededRetention()),
                        settings.batchLimit())
                + store.deleteFinishedBefore(JobStatus.FAILED, now.minus(settings.failedRetention()),
                        settings.batchLimit())
                + store.deleteFinishedBefore(JobStatus.CANCELLED, now.minus(settings.failedRetention()),
                        settings.batchLimit());
    }

    private boolean enqueue(Job job, Duration delay) {
        try {
            queue.enqueue(job.id(), job.priority(), delay);
            return true;
        } catch (QueueUnavailableException e) {
            log.warn("Sweep could not queue job {}; it stays queued and is tried again next run: {}", job.id(),
                    e.getMessage());
            return false;
        }
    }

    /**
     * One step; its failure (an outage) is counted and logged and does not stop the others.
     *
     * @param skipped what the step counts when it could not run
     */
    private static <T> T step(String name, int[] problems, T skipped, Supplier<T> work) {
        try {
            return work.get();
        } catch (StoreUnavailableException | QueueUnavailableException e) {
            problems[0]++;
            log.warn("Sweep step '{}' skipped this run: {}", name, e.getMessage());
            return skipped;
        }
    }
}
