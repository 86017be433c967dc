package io.jobline.ratelimit;

import java.time.Duration;

/**
 * A limit shared by every worker on how fast jobs of one type may start, for downstreams with a quota (SES's sending
 * rate). Over the limit, a job is not failed: it gets a slot in the future and waits for it.
 */
public interface RateLimiter {

    /**
     * Takes a slot for {@code jobId} in {@code bucket}.
     *
     * @return zero when the job may start now; otherwise how long it must wait for the slot reserved for it (asking
     *     again for the same job after that wait starts it without taking another slot; asking before it gives the
     *     rest of the wait)
     */
    Duration reserve(String bucket, String jobId, Rate rate);

    /** No limits: every job may start at once. */
    RateLimiter NONE = (bucket, jobId, rate) -> Duration.ZERO;
}
