package io.jobline.worker;

/** A job type stopped between steps because the job was cancelled while it ran. */
public class JobCancelledException extends RuntimeException {

    public JobCancelledException(String message) {
        super(message);
    }
}
