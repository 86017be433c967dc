package io.jobline.bench;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps every recorded latency, so percentiles are exact rather than bucketed.
 *
 * <p>Any thread may record; read the percentiles only after the recording threads have been joined.
 */
final class LatencyRecorder {

    private final long[] nanos;
    private final AtomicInteger size = new AtomicInteger();

    LatencyRecorder(int capacity) {
        this.nanos = new long[capacity];
    }

    /** Records one latency; returns false, dropping it, once the recorder is full. */
    boolean record(long latencyNanos) {
        int slot = size.getAndIncrement();
        if (slot >= nanos.length) {
            size.decrementAndGet();
            return false;
        }
        nanos[slot] = latencyNanos;
        return true;
    }

    int count() {
        return Math.min(size.get(), nanos.length);
    }

    /** A snapshot of the recorded latencies, sorted, for computing several figures from one sort. */
    Snapshot snapshot() {
        long[] sorted = Arrays.copyOf(nanos, count());
        Arrays.sort(sorted);
        return new Snapshot(sorted);
    }

    /** Recorded latencies in ascending order. */
    static final class Snapshot {

        private final long[] sortedNanos;

        private Snapshot(long[] sortedNanos) {
            this.sortedNanos = sortedNanos;
        }

        int count() {
            return sortedNanos.length;
        }

        /**
         * The nearest-rank percentile: the smallest recorded value with at least {@code percent}% of the values at or
         * below it. Exact and always one of the recorded values; NaN when nothing was recorded.
         */
        double percentileMillis(double percent) {
            if (percent <= 0 || percent > 100) {
                throw new IllegalArgumentException("percent must be in (0, 100], got " + percent);
            }
            if (sortedNanos.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(percent / 100.0 * sortedNanos.length);
            return toMillis(sortedNanos[Math.max(rank, 1) - 1]);
        }

        double meanMillis() {
            return sortedNanos.length == 0 ? Double.NaN : toMillis(Arrays.stream(sortedNanos).average().orElseThrow());
        }

        double maxMillis() {
            return sortedNanos.length == 0 ? Double.NaN : toMillis(sortedNanos[sortedNanos.length - 1]);
        }

        private static double toMillis(double nanos) {
            return nanos / 1_000_000.0;
        }
    }
}
