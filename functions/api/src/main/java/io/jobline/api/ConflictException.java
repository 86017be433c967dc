package io.jobline.api;

/** The request is valid but the job's state does not allow it (cancel a finished job, reuse an idempotency key). */
class ConflictException extends RuntimeException {

    private final String code;

    ConflictException(String code, String message) {
        super(message);
        this.code = code;
    }

    String code() {
        return code;
    }
}
