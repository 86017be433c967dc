package io.jobline;

/** A move the state machine does not allow, such as running a job that already succeeded. */
public class IllegalJobStateChangeException extends RuntimeException {

    private final JobId jobId;
    private final JobStatus from;
    private final JobStatus to;

    public IllegalJobStateChangeException(JobId jobId, JobStatus from, JobStatus to) {
        super("Job " + jobId + " cannot move from " + from.wireName() + " to " + to.wireName());
        this.jobId = jobId;
        this.from = from;
        this.to = to;
    }

    public JobId jobId() {
        return jobId;
    }

    public JobStatus from() {
        return from;
    }

    public JobStatus to() {
        return to;
    }
}
