package io.jobline.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Scenario 7 of the fault and load suite (docs/RELIABILITY.md): a sustained, open-loop load of email jobs at a fixed
 * rate for a fixed time, against a Jobline on this machine.
 *
 * <p>Submission {@code i} is due at {@code start + i / rate}. One thread hands each submission, when due, to a fixed
 * pool of {@code --connections} threads that share one HTTP/1.1 client, so at most that many connections are open.
 * The pacing never waits for answers: when the server is slow, submissions wait for a free connection and start late
 * (counted: {@code late_sends}, started more than 50 ms after they were due) instead of the rate dropping. A submit's
 * latency is measured from when it was due to its answer (so waiting for a connection counts, and the percentiles do
 * not hide a slow server); {@code p99_service_ms} is measured from when the request was actually sent.
 *
 * <p>Every {@code --report-every-seconds} it prints one line: counts so far, errors by reason, p50/p99 of the submits
 * answered in that interval, the job queues' depth and the tenant's finished jobs (from {@code GET /stats} with the same
 * key), and the resident memory (VmRSS) and CPU of the Jobline process. After the last submission it waits (at most
 * {@code --drain-seconds}) until the job queues are empty and every accepted job has finished, then prints the
 * {@code sustained:} summary. Exit status 0 when no submit failed and nothing was lost, 1 otherwise, 2 on a bad command
 * line.
 *
 * <pre>
 * mvn -q -B -pl bench exec:java -Dexec.mainClass=io.jobline.bench.SustainedLoad \
 *     -Dexec.args="--url http://127.0.0.1:3000 --api-key jl_... --rate 200 --duration-seconds 300"
 * </pre>
 */
public final class SustainedLoad {

    private static final Duration SUBMIT_TIMEOUT = Duration.ofSeconds(10);
    private static final long LATE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final SustainedLoadOptions options;
    private final StatsClient stats;
    private final JobsClient jobs;

    private final LongAdder dispatched = new LongAdder();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder late = new LongAdder();
    private final AtomicLong maxLateNanos = new AtomicLong();
    private final ErrorTally errors = new ErrorTally("submit");
    private LatencyRecorder all;
    private LatencyRecorder service;
    private final AtomicReference<LatencyRecorder> interval = new AtomicReference<>();

    // Written by the reporter thread only; read by the main thread after it has been stopped.
    private volatile long maxQueueDepth;
    private volatile long rssMaxKib;

    private SustainedLoad(SustainedLoadOptions options) {
        this.options = options;
        this.stats = new StatsClient(options.url(), options.apiKey());
        this.jobs = new JobsClient(options.url(), options.apiKey(), options.to());
    }

    public static void main(String[] args) throws InterruptedException {
        SustainedLoadOptions options;
        try {
            options = SustainedLoadOptions.parse(List.of(args), System.getenv());
        } catch (BenchOptions.UsageException e) {
            System.err.println("sustained: " + e.getMessage());
            System.err.println(SustainedLoadOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(SustainedLoadOptions.USAGE);
            return;
        }
        System.exit(new SustainedLoad(options).run());
    }

    private int run() throws InterruptedException {
        OptionalLong pid = jobline();
        Optional<ProcessCpu> cpu = pid.isPresent()
                ? Optional.of(new ProcessCpu(pid.getAsLong(), ProcessCpu.ticksPerSecond()))
                : Optional.empty();
        Optional<StatsClient.Sample> baseline = stats.read();
        if (baseline.isEmpty()) {
            log("cannot read GET /stats at %s with this key; nothing submitted", options.url());
            return 1;
        }
        long finishedBefore = baseline.get().finished();
        long failedBefore = baseline.get().failed();
        long total = options.submissions();
        int intervalCapacity = (int) Math.min(total, (long) options.rate() * options.reportEverySeconds() * 4L + 1000);
        all = new LatencyRecorder((int) total);
        service = new LatencyRecorder((int) total);
        interval.set(new LatencyRecorder(intervalCapacity));

        OptionalLong rssStart = pid.isPresent() ? ProcessMemory.rssKib(pid.getAsLong()) : OptionalLong.empty();
        rssMaxKib = rssStart.orElse(0);
        maxQueueDepth = Math.max(0, baseline.get().queueDepth());
        log("url=%s rate=%d/s duration=%ds submissions=%d connections=%d pid=%s rss_start_mb=%s "
                        + "queue_depth_start=%d finished_before=%d load1=%.2f",
                options.url(), options.rate(), options.durationSeconds(), total, options.connections(),
                pid.isPresent() ? Long.toString(pid.getAsLong()) : "n/a", mib(rssStart),
                baseline.get().queueDepth(), finishedBefore, ProcessMemory.loadAverage1m());

        long start = System.nanoTime();
        Reporter reporter = new Reporter(start, pid, cpu, finishedBefore, intervalCapacity);
        ScheduledExecutorService reporting = Executors.newSingleThreadScheduledExecutor(daemon("sustained-report"));
        reporting.scheduleAtFixedRate(reporter, options.reportEverySeconds(), options.reportEverySeconds(),
                TimeUnit.SECONDS);

        ExecutorService pool = Executors.newFixedThreadPool(options.connections(), daemon("sustained-submit"));
        double nanosPerSubmission = 1e9 / options.rate();
        for (long i = 0; i < total; i++) {
            long due = start + (long) (i * nanosPerSubmission);
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            long number = i;
            dispatched.increment();
            pool.execute(() -> submit(number, due));
        }
        long submitEnd = System.nanoTime();
        pool.shutdown();
        if (!pool.awaitTermination(SUBMIT_TIMEOUT.toSeconds() * 2 + 60, TimeUnit.SECONDS)) {
            log("submissions still unanswered 80 s after the last was due; giving up on them");
            pool.shutdownNow();
        }
        long answeredEnd = System.nanoTime();
        log("submitting done: %d due in %.1f s (achieved %.1f/s), last answer after %.1f s",
                total, (submitEnd - start) / 1e9, total / ((submitEnd - start) / 1e9), (answeredEnd - start) / 1e9);

        // Drain: the job queues empty and every accepted job finished, or the bound runs out.
        long acceptedCount = accepted.sum();
        long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.drainSeconds());
        Optional<StatsClient.Sample> last = stats.read();
        while (System.nanoTime() < drainDeadline
                && !(last.isPresent() && last.get().queueDepth() == 0
                        && last.get().finished() - finishedBefore >= acceptedCount)) {
            Thread.sleep(1000);
            last = stats.read();
        }
        long drainedAt = System.nanoTime();
        reporting.shutdownNow();
        reporting.awaitTermination(15, TimeUnit.SECONDS);
        reporter.report(); // the last interval, as it stands after the drain

        OptionalLong rssEnd = pid.isPresent() ? ProcessMemory.rssKib(pid.getAsLong()) : OptionalLong.empty();
        rssEnd.ifPresent(kib -> rssMaxKib = Math.max(rssMaxKib, kib));
        long finished = last.map(s -> s.finished() - finishedBefore).orElse(-1L);
        long failed = last.map(s -> s.failed() - failedBefore).orElse(-1L);
        long finalDepth = last.map(StatsClient.Sample::queueDepth).orElse(-1L);
        long lost = finished < 0 ? acceptedCount : Math.max(0, acceptedCount - finished);
        LatencyRecorder.Snapshot latencies = all.snapshot();
        LatencyRecorder.Snapshot serviceLatencies = service.snapshot();
        if (errors.total() > 0) {
            log("errors by reason: %s", errors.byReason());
        }
        System.out.printf(Locale.ROOT,
                "sustained: rate=%d duration_s=%d submitted=%d accepted=%d errors=%d p99_ms=%.1f max_queue_depth=%d "
                        + "final_queue_depth=%d rss_start_mb=%s rss_end_mb=%s rss_max_mb=%s finished=%d lost=%d "
                        + "failed=%d p50_ms=%.1f p99_service_ms=%.1f max_ms=%.1f late_sends=%d max_late_ms=%.1f "
                        + "achieved_rate=%.1f drain_s=%.1f load1=%.2f%n",
                options.rate(), options.durationSeconds(), dispatched.sum(), acceptedCount, errors.total(),
                latencies.percentileMillis(99), maxQueueDepth, finalDepth, mib(rssStart), mib(rssEnd),
                pid.isPresent() ? Long.toString(rssMaxKib / 1024) : "n/a", finished, lost, failed,
                latencies.percentileMillis(50), serviceLatencies.percentileMillis(99), latencies.maxMillis(),
                late.sum(), maxLateNanos.get() / 1e6, total / ((submitEnd - start) / 1e9),
                (drainedAt - answeredEnd) / 1e9, ProcessMemory.loadAverage1m());
        return lost > 0 || errors.total() > 0 ? 1 : 0;
    }

    private void submit(long number, long dueNanos) {
        long sent = System.nanoTime();
        long lateness = sent - dueNanos;
        if (lateness > LATE_NANOS) {
            late.increment();
        }
        maxLateNanos.accumulateAndGet(lateness, Math::max);
        JobsClient.SubmitOutcome outcome;
        try {
            outcome = jobs.submit("sustained " + number, SUBMIT_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            errors.record("interrupted", "");
            return;
        }
        long answered = System.nanoTime();
        all.record(answered - dueNanos);
        service.record(answered - sent);
        interval.get().record(answered - dueNanos);
        switch (outcome) {
            case JobsClient.SubmitOutcome.Accepted a -> accepted.increment();
            case JobsClient.SubmitOutcome.Rejected r -> errors.record(r.reason(), r.body());
        }
    }

    /** Prints one progress line per interval; runs on the reporting thread (and once more on the main thread). */
    private final class Reporter implements Runnable {
        private final long start;
        private final OptionalLong pid;
        private final Optional<ProcessCpu> cpu;
        private final long finishedBefore;
        private final int intervalCapacity;
        private long lastCpuMillis = -1;
        private long lastAt;

        Reporter(long start, OptionalLong pid, Optional<ProcessCpu> cpu, long finishedBefore, int intervalCapacity) {
            this.start = start;
            this.pid = pid;
            this.cpu = cpu;
            this.finishedBefore = finishedBefore;
            this.intervalCapacity = intervalCapacity;
            this.lastAt = start;
            cpu.flatMap(c -> {
                OptionalLong ms = c.cpuMillis();
                return ms.isPresent() ? Optional.of(ms.getAsLong()) : Optional.empty();
            }).ifPresent(ms -> lastCpuMillis = ms);
        }

        @Override
        public void run() {
            try {
                report();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log("report failed: %s", e);
            }
        }

        synchronized void report() throws InterruptedException {
            LatencyRecorder ended = interval.getAndSet(new LatencyRecorder(intervalCapacity));
            // A submit thread may have read the old recorder just before the swap; give it time to write its slot.
            Thread.sleep(20);
            LatencyRecorder.Snapshot snapshot = ended.snapshot();
            long now = System.nanoTime();
            Optional<StatsClient.Sample> sample = stats.read();
            sample.ifPresent(s -> maxQueueDepth = Math.max(maxQueueDepth, s.queueDepth()));
            OptionalLong rss = pid.isPresent() ? ProcessMemory.rssKib(pid.getAsLong()) : OptionalLong.empty();
            rss.ifPresent(kib -> rssMaxKib = Math.max(rssMaxKib, kib));
            String cpuPercent = "n/a";
            if (cpu.isPresent()) {
                OptionalLong ms = cpu.get().cpuMillis();
                if (ms.isPresent() && lastCpuMillis >= 0) {
                    cpuPercent = String.format(Locale.ROOT, "%.0f",
                            100.0 * (ms.getAsLong() - lastCpuMillis) / ((now - lastAt) / 1e6));
                }
                ms.ifPresent(v -> lastCpuMillis = v);
            }
            lastAt = now;
            long errorCount = errors.total();
            Map<String, Long> byReason = errors.byReason();
            System.out.printf(Locale.ROOT,
                    "t=%4ds submitted=%d accepted=%d errors=%d%s in_flight=%d late=%d p50_ms=%.1f p99_ms=%.1f n=%d "
                            + "queue_depth=%s dlq=%s finished=%s rss_mb=%s cpu_pct=%s load1=%.2f%n",
                    Math.round((now - start) / 1e9), dispatched.sum(), accepted.sum(), errorCount,
                    errorCount == 0 ? "" : byReason.toString(),
                    dispatched.sum() - accepted.sum() - errorCount, late.sum(),
                    snapshot.percentileMillis(50), snapshot.percentileMillis(99), snapshot.count(),
                    sample.map(s -> Long.toString(s.queueDepth())).orElse("n/a"),
                    sample.map(s -> Long.toString(s.deadLetters())).orElse("n/a"),
                    sample.map(s -> Long.toString(s.finished() - finishedBefore)).orElse("n/a"),
                    mib(rss), cpuPercent, ProcessMemory.loadAverage1m());
            System.out.flush();
        }
    }

    /** The Jobline process: --pid, else the one local java process running LocalJobline, else none. */
    private OptionalLong jobline() {
        if (options.pid().isPresent()) {
            return options.pid();
        }
        List<Long> found = ProcessCpu.findJavaProcesses(ProcessCpu.LOCAL_JOBLINE_MAIN);
        if (found.size() == 1) {
            return OptionalLong.of(found.getFirst());
        }
        log(found.isEmpty()
                        ? "no local java process runs %s%s; pass --pid to report its memory and CPU"
                        : "several java processes run %s %s; pass --pid to pick one",
                ProcessCpu.LOCAL_JOBLINE_MAIN, found.isEmpty() ? "" : found);
        return OptionalLong.empty();
    }

    private static String mib(OptionalLong kib) {
        return kib.isPresent() ? Long.toString(kib.getAsLong() / 1024) : "n/a";
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void log(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[sustained] " + format + "%n", args);
    }
}
