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

    /** @return the job's result, stored and shown to clients */
    JsonNode run(Job job);

    /**
     * Runs with access to progress reporting and cancellation; job types that run in steps override this one and
     * check {@link JobContext#isCancelRequested()} between steps (throwing {@link JobCancelledException}).
     */
    default JsonNode run(Job job, JobContext context) {
        return run(job);
    }

    /** How long to wait between attempts of this type, unless a job sets its own. */
    default BackoffPolicy backoff() {
        return BackoffPolicy.DEFAULT;
    }
}
