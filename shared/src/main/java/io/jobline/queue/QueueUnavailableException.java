package io.jobline.queue;

/** The queue could not be reached or refused the call. Worth retrying later. */
public class QueueUnavailableException extends RuntimeException {

    public QueueUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
