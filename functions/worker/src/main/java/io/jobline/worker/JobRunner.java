package io.jobline.worker;

import com.fasterxml.jackson.databind.JsonNode;
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
}
