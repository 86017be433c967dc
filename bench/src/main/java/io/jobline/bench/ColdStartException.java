package io.jobline.bench;

/** The cold-start benchmark cannot produce figures; the message says what to do about it. */
final class ColdStartException extends RuntimeException {

    ColdStartException(String message) {
        super(message);
    }

    ColdStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
