package io.jobline.store;

/** A database error that is not an outage: a bug or a schema mismatch. */
public class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
