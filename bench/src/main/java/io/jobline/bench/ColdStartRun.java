package io.jobline.bench;

/**
 * One measured cold start. The first three are the probe's own clock readings, in milliseconds since the benchmark
 * spawned the JVM; {@code cpuMs} is the CPU time the JVM had used when the first invocation was done (-1 when the
 * platform does not tell); {@code wallMs} is the benchmark's clock, from spawn to process exit.
 */
record ColdStartRun(long mainMs, long readyMs, long doneMs, long cpuMs, long wallMs) {

    ColdStartRun {
        if (mainMs < 0 || readyMs < mainMs || doneMs < readyMs || cpuMs < -1 || wallMs < 0) {
            throw new IllegalArgumentException("not a cold start in order: main=" + mainMs + " ready=" + readyMs
                    + " done=" + doneMs + " cpu=" + cpuMs + " wall=" + wallMs);
        }
    }

    /** Launch to {@code main}: the JVM booting. */
    long jvmMs() {
        return mainMs;
    }

    /** Launch to handler constructed: what Lambda reports as Init Duration. */
    long initMs() {
        return readyMs;
    }

    /** The first {@code handleRequest}. */
    long firstMs() {
        return doneMs - readyMs;
    }

    /** Launch to first invocation done: what the first caller waits for, less Lambda's own overhead. */
    long totalMs() {
        return doneMs;
    }
}
