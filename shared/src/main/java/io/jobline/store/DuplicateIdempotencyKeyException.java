package io.jobline.store;

/** The tenant already has a job under this idempotency key. */
public class DuplicateIdempotencyKeyException extends RuntimeException {

    public DuplicateIdempotencyKeyException(String idempotencyKey) {
        super("A job with idempotency key '" + idempotencyKey + "' already exists");
    }
}
