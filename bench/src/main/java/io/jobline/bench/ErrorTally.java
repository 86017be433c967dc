package io.jobline.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Counts unexpected answers by reason (usually the HTTP status) and shows the first few bodies on stderr. */
final class ErrorTally {

    private static final int BODIES_SHOWN = 5;
    private static final int BODY_CHARS_SHOWN = 500;

    private final String phase;
    private final Map<String, LongAdder> byReason = new ConcurrentHashMap<>();
    private final AtomicInteger shown = new AtomicInteger();

    ErrorTally(String phase) {
        this.phase = phase;
    }

    void record(String reason, String body) {
        byReason.computeIfAbsent(reason, r -> new LongAdder()).increment();
        if (shown.getAndIncrement() < BODIES_SHOWN) {
            String trimmed = body.length() > BODY_CHARS_SHOWN ? body.substring(0, BODY_CHARS_SHOWN) + "..." : body;
            System.err.printf("[bench] %s error (%s): %s%n", phase, reason, trimmed);
        }
    }

    long total() {
        return byReason.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Counts by reason, sorted, for the details on stderr. */
    Map<String, Long> byReason() {
        Map<String, Long> sorted = new TreeMap<>();
        byReason.forEach((reason, count) -> sorted.put(reason, count.sum()));
        return sorted;
    }
}
