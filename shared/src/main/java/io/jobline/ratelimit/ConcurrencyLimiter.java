package io.jobline.ratelimit;

import java.time.Duration;

/**
 * A limit shared by every worker on how many jobs of one type run at once, for downstreams that take only so many
 * connections. A job over the limit is not failed: it waits and tries again.
 */
public interface ConcurrencyLimiter {

    /**
     * Takes one of {@code limit} places for {@code jobId} until it is released or {@code lease} passes (so a worker
     * that dies does not keep its place).
     *
     * @return whether the job may start now
     */
    boolean tryAcquire(String bucket, String jobId, int limit, Duration lease);

    void release(String bucket, String jobId);

    /** No limits. */
    ConcurrencyLimiter NONE = new ConcurrencyLimiter() {
        @Override
        public boolean tryAcquire(String bucket, String jobId, int limit, Duration lease) {
            return true;
        }

        @Override
        public void release(String bucket, String jobId) {}
    };
}
