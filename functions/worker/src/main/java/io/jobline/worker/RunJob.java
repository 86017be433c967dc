package io.jobline.worker;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobline.BackoffPolicy;
import io.jobline.Job;
import io.jobline.JobId;
import io.jobline.JobStatus;
import io.jobline.Progress;
import io.jobline.cache.JobCache;
import io.jobline.metrics.JobMetrics;
import io.jobline.ratelimit.ConcurrencyLimiter;
import io.jobline.ratelimit.Rate;
import io.jobline.ratelimit.RateLimiter;
import io.jobline.queue.JobMessage;
import io.jobline.queue.JobQueue;
import io.jobline.queue.QueueUnavailableException;
import io.jobline.store.JobStore;
import io.jobline.store.StoreUnavailableException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one queue message: claims its job with a compare-and-set, runs one attempt, records the outcome.
 *
 * <p>SQS delivers at least once, so a message may arrive for a job that is already running or finished. Such a message
 * is acknowledged and changes nothing; a job runs again only when its previous worker lost its lease (was killed or
 * timed out), and then as a new attempt.
 */
final class RunJob {

    /** What to do with the message once its job has been handled. */
    enum Outcome {
        /** Done with it: delete it from the queue. */
        ACKNOWLEDGE,
        /** Leave it on the queue; it comes back after its visibility timeout (set by the worker for retries). */
        REDELIVER
    }

    /** The parts of an SQS message the worker uses, and the id of the invocation handling it. */
    record QueueMessage(String messageId, String body, String receiptHandle, String sourceQueueArn,
            String workerRequestId, int receiveCount) {}

    private static final Logger log = LoggerFactory.getLogger(RunJob.class);
    private static final int MAX_ERROR_LENGTH = 2000;
    private static final List<Duration> OUTCOME_WRITE_PAUSES = List.of(Duration.ofMillis(200), Duration.ofSeconds(1));
    /** How often an outcome is re-applied on top of a row that changed under it (progress, a cancel request). */
    private static final int OUTCOME_REAPPLY_LIMIT = 5;

    private final JobStore store;
    private final JobQueue queue;
    private final JobCache cache;
    private final Map<String, JobRunner> runners;
    private final Clock clock;
    private final Duration lease;
    private final Consumer<Job> onFinished;
    private final RateLimiter rateLimiter;
    private final Map<String, Rate> rateLimits;
    private final Map<String, BackoffPolicy> retryBackoff;
    private final ConcurrencyLimiter concurrencyLimiter;
    private final Map<String, Integer> concurrencyLimits;
    private final JobMetrics metrics;
    /** SecureRandom: Lambda re-seeds it after a SnapStart restore, so restored instances do not share jitter. */
    private final RandomGenerator random = new SecureRandom();

    RunJob(JobStore store, JobQueue queue, JobCache cache, List<JobRunner> runners, Clock clock, Duration lease,
            Consumer<Job> onFinished, RateLimiter rateLimiter, Map<String, Rate> rateLimits,
            Map<String, BackoffPolicy> retryBackoff, ConcurrencyLimiter concurrencyLimiter,
            Map<String, Integer> concurrencyLimits, JobMetrics metrics) {
        this.metrics = metrics;
        this.retryBackoff = retryBackoff;
        this.concurrencyLimiter = concurrencyLimiter;
        this.concurrencyLimits = concurrencyLimits;
        this.rateLimiter = rateLimiter;
        this.rateLimits = rateLimits;
        this.store = store;
        this.queue = queue;
        this.cache = cache;
        this.runners = runners.stream().collect(Collectors.toUnmodifiableMap(JobRunner::type, Function.identity()));
        this.clock = clock;
        this.lease = lease;
        this.onFinished = onFinished;
    }

    /** Handles the message, then writes its one {@code "job attempt"} line and its metrics. */
    Outcome process(QueueMessage message) {
        AttemptLog report = new AttemptLog(message.messageId(), message.workerRequestId());
        try {
            return process(message, report);
        } catch (RuntimeException e) {
            report.outcome(AttemptLog.Outcome.ERROR);
            report.failedWith(e, null);
            throw e;
        } finally {
            report.write(metrics);
        }
    }

    private Outcome process(QueueMessage message, AttemptLog report) {
        Optional<JobId> id = JobMessage.jobId(message.body());
        if (id.isEmpty()) {
            log.error("Dropping message {}: its body is not a Jobline job message", message.messageId());
            report.outcome(AttemptLog.Outcome.MALFORMED_MESSAGE);
            return Outcome.ACKNOWLEDGE;
        }
        Optional<Job> found = store.find(id.get());
        if (found.isEmpty()) {
            log.warn("Dropping message {}: job {} does not exist (withdrawn after a failed enqueue, or deleted)",
                    message.messageId(), id.get());
            report.outcome(AttemptLog.Outcome.JOB_NOT_FOUND);
            return Outcome.ACKNOWLEDGE;
        }
        Job job = found.get();
        report.job(job);
        Instant now = clock.instant();
        return switch (job.status()) {
            case SUCCEEDED, FAILED, CANCELLED, SCHEDULED -> {
                log.debug("Job {} is {}: message {} acknowledged, nothing to do", job.id(), job.status().wireName(),
                        message.messageId());
                report.outcome(AttemptLog.Outcome.DUPLICATE);
                yield Outcome.ACKNOWLEDGE;
            }
            case RUNNING -> job.hasLostItsWorker(now)
                    ? takeOver(job, message, now, report)
                    : comeBackLater(message, Duration.between(now, job.leaseUntil()), report,
                            AttemptLog.Outcome.LEASE_HELD_ELSEWHERE);
            case QUEUED, RETRYING -> now.isBefore(job.runAt())
                    ? comeBackLater(message, Duration.between(now, job.runAt()), report, AttemptLog.Outcome.NOT_DUE)
                    : attemptWithinRateLimit(job, message, now, report);
        };
    }

    /** Over its type's rate limit, a job waits for the slot reserved for it instead of failing. */
    private Outcome attemptWithinRateLimit(Job job, QueueMessage message, Instant now, AttemptLog report) {
        Rate rate = rateLimits.get(job.type());
        if (rate != null) {
            Duration wait = rateLimiter.reserve(job.type(), job.id().toString(), rate);
            if (!wait.isZero()) {
                return waitForLimit(job, message, now, wait, report, AttemptLog.Outcome.RATE_LIMITED);
            }
        }
        Integer limit = concurrencyLimits.get(job.type());
        if (limit == null) {
            return attempt(job, message, now, report);
        }
        if (!concurrencyLimiter.tryAcquire(job.type(), job.id().toString(), limit, lease)) {
            // Waits double with each delivery, so a long queue behind a busy type costs few receives per message.
            Duration wait = Duration.ofSeconds(Math.min(JobQueue.MAX_DELAY.toSeconds(),
                    1L << Math.min(Math.max(message.receiveCount(), 1), 10)));
            log.debug("Job {} waits {} s: {} jobs of type {} already run", job.id(), wait.toSeconds(), limit,
                    job.type());
            return waitForLimit(job, message, now, wait, report, AttemptLog.Outcome.CONCURRENCY_LIMITED);
        }
        try {
            return attempt(job, message, now, report);
        } finally {
            concurrencyLimiter.release(job.type(), job.id().toString());
        }
    }

    /**
     * Sends the message back after {@code wait} and records the wait on the row, so the sweep does not take a queued
     * job's long wait for a lost message. A taken-over job stays running: the orphan sweep and the reservation decide.
     */
    private Outcome waitForLimit(Job job, QueueMessage message, Instant now, Duration wait, AttemptLog report,
            AttemptLog.Outcome why) {
        report.outcome(why, wait);
        if (job.status() != JobStatus.RUNNING) {
            try {
                // A lost compare-and-set is fine: whoever changed the row decides, and the message comes back anyway.
                store.update(job.waitForLimit(now.plus(wait), now));
            } catch (StoreUnavailableException e) {
                log.warn("Could not record job {}'s wait for its limit: {}", job.id(), e.getMessage());
            }
        }
        delayMessage(message, wait);
        return Outcome.REDELIVER;
    }

    /** The previous worker was killed or timed out: its attempt counts as failed, and this worker may try again. */
    private Outcome takeOver(Job job, QueueMessage message, Instant now, AttemptLog report) {
        String lost = "Attempt " + job.attempts() + " lost its worker (killed or timed out) at " + job.leaseUntil();
        if (!job.hasAttemptsLeft() || job.cancelRequested()) {
            report.failedWith(null, lost);
            report.written(finish(job,
                    current -> current.cancelRequested() ? current.cancel(now) : current.fail(lost, now)));
            return Outcome.ACKNOWLEDGE;
        }
        log.warn("Job {}: {}; starting attempt {}", job.id(), lost, job.attempts() + 1);
        return attemptWithinRateLimit(job, message, now, report);
    }

    private Outcome attempt(Job job, QueueMessage message, Instant now, AttemptLog report) {
        Optional<Job> claimed = store.update(job.start(now, lease, message.workerRequestId()));
        if (claimed.isEmpty()) {
            log.debug("Job {} was claimed by another worker first; message {} acknowledged", job.id(),
                    message.messageId());
            report.outcome(AttemptLog.Outcome.CLAIMED_ELSEWHERE);
            return Outcome.ACKNOWLEDGE;
        }
        report.claimed(claimed.get(), now);
        Attempt attempt = new Attempt(claimed.get());
        JobRunner runner = runners.get(attempt.job().type());
        if (runner == null) {
            report.failedWith(null, "This worker has no runner for job type " + attempt.job().type());
            report.written(finish(attempt.job(), current -> current.fail(
                    "This worker has no runner for job type " + current.type(), clock.instant())));
            return Outcome.ACKNOWLEDGE;
        }
        JsonNode result;
        try {
            result = runner.run(attempt.job(), attempt);
        } catch (JobCancelledException e) {
            report.written(finish(attempt.current(), current -> current.cancel(clock.instant())));
            return Outcome.ACKNOWLEDGE;
        } catch (PermanentJobFailureException e) {
            report.failedWith(e, errorText(e));
            report.written(finish(attempt.current(), current -> current.fail(errorText(e), clock.instant())));
            return Outcome.ACKNOWLEDGE;
        } catch (RuntimeException e) {
            BackoffPolicy typeBackoff = retryBackoff.getOrDefault(runner.type(), runner.backoff());
            return retryOrFail(attempt.current(), typeBackoff, message, e, report);
        }
        report.written(finish(attempt.current(), current -> current.succeed(result, clock.instant())));
        return Outcome.ACKNOWLEDGE;
    }

    private Outcome retryOrFail(Job running, BackoffPolicy typeBackoff, QueueMessage message, RuntimeException e,
            AttemptLog report) {
        Instant now = clock.instant();
        report.failedWith(e, errorText(e));
        if (!running.hasAttemptsLeft()) {
            report.written(finish(running, current -> current.fail(errorText(e), now)));
            return Outcome.ACKNOWLEDGE;
        }
        Duration delay = retryDelay(running, typeBackoff, e);
        Job written = finish(running, current -> current.cancelRequested()
                ? current.cancel(now)
                : current.retry(errorText(e), now.plus(delay), now));
        report.written(written);
        if (written == null || written.status() != JobStatus.RETRYING) {
            return Outcome.ACKNOWLEDGE;
        }
        report.outcome(AttemptLog.Outcome.RETRYING, delay);
        delayMessage(message, delay);
        return Outcome.REDELIVER;
    }

    /** The policy's backoff, or longer when the downstream said when to come back (429/503 Retry-After). */
    private Duration retryDelay(Job running, BackoffPolicy typeBackoff, RuntimeException e) {
        BackoffPolicy backoff = running.backoffOr(typeBackoff);
        Duration delay = backoff.delayAfter(running.attempts(), random);
        if (e instanceof RetryableJobFailureException retryable && retryable.retryAfter().isPresent()) {
            Duration asked = retryable.retryAfter().get();
            asked = asked.compareTo(backoff.max()) > 0 ? backoff.max() : asked;
            return asked.compareTo(delay) > 0 ? asked : delay;
        }
        return delay;
    }

    private Outcome comeBackLater(QueueMessage message, Duration wait, AttemptLog report,
            AttemptLog.Outcome why) {
        report.outcome(why, wait);
        delayMessage(message, wait);
        return Outcome.REDELIVER;
    }

    private void delayMessage(QueueMessage message, Duration delay) {
        try {
            queue.redeliverAfter(message.sourceQueueArn(), message.receiptHandle(), delay);
        } catch (QueueUnavailableException e) {
            // The message still comes back, after the queue's visibility timeout instead.
            log.warn("Could not delay message {}: {}", message.messageId(), e.getMessage());
        }
    }

    /**
     * Writes an attempt's outcome. If the row changed while the attempt ran (progress, a cancel request), the outcome
     * is applied again on top of the fresh row; if another worker took the job over, the outcome is dropped. A short
     * database outage should not turn a finished attempt into a repeated one, so writes are retried for a while
     * before the message is left for redelivery.
     *
     * @return the job as written, or null when it was not this attempt's to write any more
     */
    private Job finish(Job latest, UnaryOperator<Job> outcome) {
        Job current = latest;
        for (int reapply = 0; reapply < OUTCOME_REAPPLY_LIMIT; reapply++) {
            Optional<Job> written = writeWithRetries(outcome.apply(current));
            if (written.isPresent()) {
                if (written.get().isFinished()) {
                    cache.put(written.get());
                    onFinished.accept(written.get());
                }
                return written.get();
            }
            Optional<Job> fresh = store.find(current.id());
            if (fresh.isEmpty() || fresh.get().status() != current.status()
                    || fresh.get().attempts() != current.attempts()) {
                log.warn("Job {} was taken over or finished elsewhere while attempt {} ran; its outcome is dropped",
                        current.id(), current.attempts());
                return null;
            }
            current = fresh.get();
        }
        log.warn("Job {} kept changing while its outcome was written; leaving it to redelivery", current.id());
        throw new StoreUnavailableException("Job " + current.id() + " kept changing", null);
    }

    private Optional<Job> writeWithRetries(Job changed) {
        for (int attempt = 0; ; attempt++) {
            try {
                return store.update(changed);
            } catch (StoreUnavailableException e) {
                if (attempt >= OUTCOME_WRITE_PAUSES.size()) {
                    throw e;
                }
                pause(OUTCOME_WRITE_PAUSES.get(attempt));
            }
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to record a job outcome", e);
        }
    }

    private static String errorText(RuntimeException e) {
        String text = e instanceof PermanentJobFailureException || e.getMessage() != null && isOurs(e)
                ? e.getMessage()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
        return text.length() > MAX_ERROR_LENGTH ? text.substring(0, MAX_ERROR_LENGTH) + "..." : text;
    }

    private static boolean isOurs(RuntimeException e) {
        return e.getClass().getPackageName().startsWith("io.jobline");
    }

    /** One running attempt: what its job type sees, and the latest state of its row. */
    private final class Attempt implements JobContext {

        private final Job claimed;
        private volatile Job current;

        Attempt(Job claimed) {
            this.claimed = claimed;
            this.current = claimed;
        }

        @Override
        public Job job() {
            return claimed;
        }

        Job current() {
            return current;
        }

        @Override
        public void reportProgress(int percent, String message) {
            Progress progress = new Progress(percent, message);
            for (int tries = 0; tries < OUTCOME_REAPPLY_LIMIT; tries++) {
                Optional<Job> written = store.update(current.reportProgress(progress, clock.instant()));
                if (written.isPresent()) {
                    current = written.get();
                    return;
                }
                Optional<Job> fresh = store.find(current.id()).filter(job -> job.status() == JobStatus.RUNNING
                        && job.attempts() == claimed.attempts());
                if (fresh.isEmpty()) {
                    return; // taken over: this attempt's progress no longer matters
                }
                current = fresh.get();
            }
        }

        @Override
        public boolean isCancelRequested() {
            store.find(current.id()).filter(job -> job.attempts() == claimed.attempts()).ifPresent(job -> current = job);
            return current.cancelRequested();
        }
    }
}
