package io.jobline.worker;

import io.jobline.Job;

/** What a running job type may ask of the worker between its steps. */
public interface JobContext {

    /** The job as it was claimed for this attempt. */
    Job job();

    /** Records progress (0-100 and a short message) that {@code GET /jobs/{id}} shows while the job runs. */
    void reportProgress(int percent, String message);

    /** Whether a client asked to cancel this job; a job type that runs in steps stops between them when it is. */
    boolean isCancelRequested();

    /** A context with nobody listening: for running a job type outside a worker. */
    static JobContext detached(Job job) {
        return new JobContext() {
            @Override
            public Job job() {
                return job;
            }

            @Override
            public void reportProgress(int percent, String message) {}

            @Override
            public boolean isCancelRequested() {
                return false;
            }
        };
    }
}
