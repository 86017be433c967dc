package io.jobline;

/** No job with this id is visible to the caller: it does not exist, or it belongs to another tenant. */
public class JobNotFoundException extends RuntimeException {

    public JobNotFoundException(JobId id) {
        super("Job with id " + id + " does not exist");
    }
}
