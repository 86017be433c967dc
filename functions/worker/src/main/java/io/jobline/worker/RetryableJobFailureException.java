package io.jobline.worker;

import java.time.Duration;
import java.util.Optional;

/**
 * This attempt failed but a later one may succeed (a 503, a timeout), possibly not before {@link #retryAfter()}: the
 * wait the other side asked for, e.g. an HTTP {@code Retry-After} on a 429. Any exception other than
 * {@link PermanentJobFailureException} is retried; this one also carries the wait.
 */
public class RetryableJobFailureException extends RuntimeException {

    private final Duration retryAfter;

    public RetryableJobFailureException(String message, Optional<Duration> retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter.orElse(null);
    }

    /** The earliest time from now another attempt should run, if the other side said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
