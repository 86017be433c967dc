package io.jobline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

    @Test
    void percentilesOfOneToHundredMillisAreTheNearestRank() {
        // Given 100 latencies of 1..100 ms, recorded out of order
        LatencyRecorder recorder = new LatencyRecorder(100);
        for (int ms = 100; ms >= 1; ms--) {
            recorder.record(TimeUnit.MILLISECONDS.toNanos(ms));
        }

        // When
        LatencyRecorder.Snapshot snapshot = recorder.snapshot();

        // Then
        assertEquals(50.0, snapshot.percentileMillis(50));
        assertEquals(99.0, snapshot.percentileMillis(99));
        assertEquals(100.0, snapshot.percentileMillis(99.9));
        assertEquals(100.0, snapshot.percentileMillis(100));
        assertEquals(1.0, snapshot.percentileMillis(0.5));
        assertEquals(50.5, snapshot.meanMillis());
        assertEquals(100.0, snapshot.maxMillis());
    }

    @Test
    void percentileIsAlwaysARecordedValue() {
        LatencyRecorder recorder = new LatencyRecorder(4);
        recorder.record(1_000_000);
        recorder.record(2_000_000);
        recorder.record(3_000_000);
        recorder.record(40_000_000);

        LatencyRecorder.Snapshot snapshot = recorder.snapshot();

        assertEquals(2.0, snapshot.percentileMillis(50)); // rank ceil(0.5 * 4) = 2, no interpolation
        assertEquals(40.0, snapshot.percentileMillis(99));
    }

    @Test
    void aSingleLatencyIsEveryPercentile() {
        LatencyRecorder recorder = new LatencyRecorder(1);
        recorder.record(1_234_567);

        assertEquals(1.234567, recorder.snapshot().percentileMillis(50), 1e-9);
        assertEquals(1.234567, recorder.snapshot().percentileMillis(99), 1e-9);
    }

    @Test
    void nothingRecordedGivesNaN() {
        LatencyRecorder.Snapshot snapshot = new LatencyRecorder(10).snapshot();

        assertEquals(0, snapshot.count());
        assertTrue(Double.isNaN(snapshot.percentileMillis(50)));
    }

    @Test
    void aFullRecorderDropsFurtherLatencies() {
        LatencyRecorder recorder = new LatencyRecorder(2);

        assertTrue(recorder.record(1));
        assertTrue(recorder.record(2));
        assertFalse(recorder.record(3));
        assertEquals(2, recorder.count());
    }

    @Test
    void percentOutsideTheRangeIsRejected() {
        LatencyRecorder.Snapshot snapshot = new LatencyRecorder(1).snapshot();

        assertThrows(IllegalArgumentException.class, () -> snapshot.percentileMillis(0));
        assertThrows(IllegalArgumentException.class, () -> snapshot.percentileMillis(101));
    }
}
