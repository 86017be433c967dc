package io.jobline.worker;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: attempt n waits a random time in [0, min(cap, base * 2^(n-1))]. The jitter
 * spreads retries of jobs that failed together (a throttled SES, a webhook that was down) instead of retrying them in
 * waves.
 */
final class Backoff {

    static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(900));

    private final Duration base;
    private final Duration cap;

    Backoff(Duration base, Duration cap) {
        this.base = base;
        this.cap = cap;
    }

    /** The wait before the attempt after {@code failedAttempt} (1-based), at least one second. */
    Duration delayAfter(int failedAttempt, RandomGenerator random) {
        long ceilingMillis = cap.toMillis();
        int doublings = Math.min(Math.max(failedAttempt - 1, 0), 30);
        long exponential = base.toMillis() << doublings;
        if (exponential > 0 && exponential < ceilingMillis) {
            ceilingMillis = exponential;
        }
        long millis = random.nextLong(ceilingMillis + 1);
        return Duration.ofMillis(Math.max(1000, millis));
    }
}
