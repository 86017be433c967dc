package io.jobline.store;

/** PostgreSQL could not be reached or refused work (down, restarting, out of connections). Worth retrying later. */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
