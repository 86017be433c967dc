package io.jobline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffPolicyTest {

    private final BackoffPolicy backoff = new BackoffPolicy(Duration.ofSeconds(2), Duration.ofSeconds(900));

    @Test
    void theCeilingDoublesPerAttemptUpToTheCap() {
        SplittableRandom random = new SplittableRandom(1);
        for (int attempt = 1; attempt <= 40; attempt++) {
            long ceiling = Math.min(900_000L, 2_000L << Math.min(attempt - 1, 30));
            for (int i = 0; i < 200; i++) {
                long millis = backoff.delayAfter(attempt, random).toMillis();
                assertTrue(millis >= 1000 && millis <= Math.max(1000, ceiling), attempt + ": " + millis);
            }
        }
    }

    @Test
    void fullJitterSpreadsRetriesAcrossTheWholeRange() {
        SplittableRandom random = new SplittableRandom(7);
        long below = 0;
        for (int i = 0; i < 1000; i++) {
            if (backoff.delayAfter(10, random).toMillis() < 450_000) {
                below++;
            }
        }
        assertTrue(below > 400 && below < 600, "about half below the middle: " + below);
    }

    @Test
    void neverWaitsLessThanASecond() {
        assertEquals(Duration.ofSeconds(1), new BackoffPolicy(Duration.ZERO, Duration.ZERO).delayAfter(1, new SplittableRandom()));
    }

    @Test
    void readsTheJsonItWrites() {
        assertEquals("{\"type\":\"exponential\",\"baseSeconds\":2,\"maxSeconds\":900}",
                backoff.toJson().toString());
        assertEquals(backoff, BackoffPolicy.fromJson(backoff.toJson()));
    }
}
