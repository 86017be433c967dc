package io.jobline.worker;

import io.jobline.Job;
import io.jobline.metrics.JobMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What became of one queue message: written as one {@code "job attempt"} line (jobId, tenant, type, attempt,
 * durationMs, outcome, and errorClass/error when the attempt failed) and counted in the metrics. While the message is
 * handled, jobId, tenant and type are in the MDC, so the job type's own lines carry them too.
 */
final class AttemptLog {

    /** Every way the handling of a message ends. */
    enum Outcome {
        SUCCEEDED,
        RETRYING,
        FAILED,
        CANCELLED,
        /** SQS delivered the message again after the job had finished (or been scheduled): nothing to do. */
        DUPLICATE,
        /** Another worker's compare-and-set claimed the job first. */
        CLAIMED_ELSEWHERE,
        /** The job is running under another worker's lease; the message comes back after it. */
        LEASE_HELD_ELSEWHERE,
        /** The job's run-at time (a retry's backoff) has not come yet. */
        NOT_DUE,
        RATE_LIMITED,
        CONCURRENCY_LIMITED,
        /** The job was taken over or finished elsewhere while this attempt ran; its outcome was dropped. */
        TAKEN_OVER,
        JOB_NOT_FOUND,
        MALFORMED_MESSAGE,
        /** Something failed around the job (the database, most often); the message is left for redelivery. */
        ERROR;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(RunJob.class);

    private final String messageId;
    private final String requestId;
    private final long startedNanos = System.nanoTime();
    private Job job;
    private Outcome outcome = Outcome.ERROR;
    private Duration delay;
    private Throwable error;
    private String errorText;
    private long claimedNanos;
    private Duration queueAge;

    AttemptLog(String messageId, String requestId) {
        this.messageId = messageId;
        this.requestId = requestId;
    }

    void job(Job found) {
        this.job = found;
        MDC.put("jobId", found.id().toString());
        MDC.put("tenant", found.tenantId().toString());
        MDC.put("type", found.type());
    }

    /** The attempt has started: {@code claimed} is the job as claimed; its wait since being due is its queue age. */
    void claimed(Job claimed, Instant now) {
        this.job = claimed;
        this.claimedNanos = System.nanoTime();
        this.queueAge = claimed.runAt().isBefore(now) ? Duration.between(claimed.runAt(), now) : Duration.ZERO;
    }

    void outcome(Outcome value) {
        this.outcome = value;
    }

    /** The message comes back after {@code wait}. */
    void outcome(Outcome value, Duration wait) {
        this.outcome = value;
        this.delay = wait;
    }

    /** The outcome as written: the job's new status, or {@link Outcome#TAKEN_OVER} when it was not written. */
    void written(Job written) {
        if (written == null) {
            outcome = Outcome.TAKEN_OVER;
            return;
        }
        job = written;
        outcome = switch (written.status()) {
            case SUCCEEDED -> Outcome.SUCCEEDED;
            case FAILED -> Outcome.FAILED;
            case CANCELLED -> Outcome.CANCELLED;
            case RETRYING -> Outcome.RETRYING;
            default -> outcome;
        };
    }

    /** Why the attempt failed: the exception (null when there is none), and the text stored with the job. */
    void failedWith(Throwable e, String text) {
        this.error = e;
        this.errorText = text;
    }

    /** Logs the line, counts the metrics, and takes the job's fields out of the MDC. */
    void write(JobMetrics metrics) {
        try {
            Duration ran = claimedNanos == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - claimedNanos);
            var line = log.atInfo().setMessage("job attempt")
                    .addKeyValue("messageId", messageId)
                    .addKeyValue("outcome", outcome.wireName())
                    .addKeyValue("durationMs", (System.nanoTime() - startedNanos) / 1_000_000);
            if (requestId != null) {
                line = line.addKeyValue("requestId", requestId);
            }
            if (job != null) {
                line = line.addKeyValue("jobId", job.id().toString())
                        .addKeyValue("tenant", job.tenantId().toString())
                        .addKeyValue("type", job.type())
                        .addKeyValue("attempt", job.attempts());
                count(metrics, job.type(), ran);
            }
            if (delay != null) {
                line = line.addKeyValue("delayMs", delay.toMillis());
            }
            if (outcome == Outcome.FAILED || outcome == Outcome.RETRYING || outcome == Outcome.ERROR) {
                if (error != null) {
                    line = line.addKeyValue("errorClass", error.getClass().getName());
                }
                if (error != null || errorText != null) {
                    line = line.addKeyValue("error", errorText == null ? String.valueOf(error.getMessage()) : errorText);
                }
            }
            line.log();
        } finally {
            MDC.remove("jobId");
            MDC.remove("tenant");
            MDC.remove("type");
        }
    }

    private void count(JobMetrics metrics, String type, Duration ran) {
        if (queueAge != null) {
            metrics.queueAge(type, queueAge);
        }
        switch (outcome) {
            case SUCCEEDED -> metrics.jobSucceeded(type, ran);
            case FAILED -> metrics.jobFailed(type, ran);
            case RETRYING -> metrics.jobRetried(type);
            default -> { }
        }
    }
}
