package io.jobline.local;

/** An embedded service could not start or stop. */
public class LocalServiceException extends RuntimeException {

    public LocalServiceException(String message, Throwable cause) {
        super(message, cause);
    }
}
