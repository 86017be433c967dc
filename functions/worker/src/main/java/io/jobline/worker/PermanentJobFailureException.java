package io.jobline.worker;

/** The job cannot succeed however often it is tried: invalid input, a recipient the provider rejects, a 4xx. */
public class PermanentJobFailureException extends RuntimeException {

    public PermanentJobFailureException(String message, Throwable cause) {
        super(message, cause);
    }
}
