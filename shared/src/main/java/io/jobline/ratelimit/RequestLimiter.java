package io.jobline.ratelimit;

import java.time.Duration;

/** A token bucket per caller, for requests: over the rate a request is refused, not queued. */
public interface RequestLimiter {

    /**
     * Takes a token from {@code bucket} if one is there.
     *
     * @return zero when the request may go ahead; otherwise how long until the next token (nothing was taken)
     */
    Duration tryAcquire(String bucket, Rate rate);

    /** No limits. */
    RequestLimiter NONE = (bucket, rate) -> Duration.ZERO;
}
