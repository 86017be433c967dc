package io.jobline.worker;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobline.BackoffPolicy;
import io.jobline.Job;

/**
 * Runs one attempt of one job type.
 *
 * <p>Throw {@link PermanentJobFailureException} when another attempt cannot succeed (the job fails at once); any other
 * exception is taken as worth retrying while the job has attempts left.
 */
public interface JobRunner {

    /** The job type this runner runs, e.g. {@code email.send}. */
    String type();

    /**
     * Runs one attempt. A job type that runs in steps reports progress through {@code context} and checks
     * {@link JobContext#isCancelRequested()} between steps (throwing {@link JobCancelledException}); a single-step
     * type ignores it.
     *
     * @return the job's result, stored and shown to clients
     */
    JsonNode run(Job job, JobContext context);

    /** Runs outside a worker's attempt (tests, tools): progress goes nowhere, and no cancel is ever requested. */
    default JsonNode run(Job job) {
        return run(job, JobContext.detached(job));
    }

    /** How long to wait between attempts of this type, unless a job sets its own. */
    default BackoffPolicy backoff() {
        return BackoffPolicy.DEFAULT;
    }
}
