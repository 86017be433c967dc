package io.jobline.store;

import io.jobline.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A tenant's finished jobs per time bucket, succeeded and failed, oldest bucket first. Every bucket is present, zeros
 * included, so a chart needs no gap handling.
 */
public record Throughput(Instant since, Duration bucket, List<Bucket> buckets) {

    /** The jobs that finished in {@code [start, start + bucket)}. */
    public record Bucket(Instant start, long succeeded, long failed) {}

    public Throughput {
        buckets = List.copyOf(buckets);
    }

    /** Adds up (bucket start, status) counts, the shape both implementations read them in. */
    public static final class Tally {

        private final Instant since;
        private final Duration bucket;
        private final int count;
        private final Map<Instant, long[]> counts = new HashMap<>();

        /** {@code count} buckets of {@code bucket}, the first starting at {@code since}. */
        public Tally(Instant since, Duration bucket, int count) {
            if (bucket.isNegative() || bucket.isZero() || count < 1) {
                throw new IllegalArgumentException("need at least one bucket of positive length");
            }
            this.since = since;
            this.bucket = bucket;
            this.count = count;
        }

        /** The end of the last bucket, exclusive. */
        public Instant until() {
            return since.plus(bucket.multipliedBy(count));
        }

        /** Counts {@code jobs} jobs that finished in {@code status} in the bucket holding {@code finishedAt}. */
        public Tally add(Instant finishedAt, JobStatus status, long jobs) {
            if (finishedAt.isBefore(since) || !finishedAt.isBefore(until())) {
                return this;
            }
            long index = Duration.between(since, finishedAt).toNanos() / bucket.toNanos();
            long[] tally = counts.computeIfAbsent(since.plus(bucket.multipliedBy(index)), start -> new long[2]);
            switch (status) {
                case SUCCEEDED -> tally[0] += jobs;
                case FAILED -> tally[1] += jobs;
                default -> {
                    // Only succeeded and failed are throughput; a cancelled job did no work worth charting.
                }
            }
            return this;
        }

        public Throughput throughput() {
            List<Bucket> all = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                Instant start = since.plus(bucket.multipliedBy(i));
                long[] tally = counts.getOrDefault(start, new long[2]);
                all.add(new Bucket(start, tally[0], tally[1]));
            }
            return new Throughput(since, bucket, all);
        }
    }
}
