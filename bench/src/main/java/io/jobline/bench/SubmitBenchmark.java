package io.jobline.bench;

import io.jobline.bench.JobsClient.ObservedStatus;
import io.jobline.bench.JobsClient.PollOutcome;
import io.jobline.bench.JobsClient.SubmitOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * Submits email jobs to a running Jobline over HTTP, waits until every one has finished, and prints one line of figures.
 *
 * <h2>Running it</h2>
 *
 * Start Jobline locally ({@code io.jobline.local.LocalJobline}), then from the repository root:
 *
 * <pre>
 * mvn -q -B -pl bench compile exec:java -Dexec.args="--api-key KEY -n 5000 -c 32"
 * </pre>
 *
 * or, once built ({@code mvn -q -B -pl bench package}), with Jackson on the class path:
 *
 * <pre>
 * java -cp bench/target/classes:jackson-databind.jar:jackson-core.jar:jackson-annotations.jar \
 *     io.jobline.bench.SubmitBenchmark --api-key KEY -n 5000 -c 32
 * </pre>
 *
 * Options: {@code --url URL} (default {@code http://127.0.0.1:3000}), {@code --api-key KEY} (or {@code
 * JOBLINE_API_KEY}; required), {@code -n N} jobs (5000), {@code -c C} concurrent connections (32), {@code --pid PID}
 * of the Jobline process whose CPU to measure (default: the one local java process running {@code
 * io.jobline.local.LocalJobline}, else {@code n/a}), {@code --timeout-seconds S} for the whole run (300), {@code --to
 * ADDRESS} ({@code bench@example.com}), {@code --warmup N} untimed submits first (200).
 *
 * <h2>What it measures</h2>
 *
 * <ol>
 *   <li>Warm-up: {@code --warmup} submits, then waits for those jobs to finish, so neither the JIT nor their
 *       processing lands in the timed figures.
 *   <li>Submit: C threads, each blocking on one HTTP/1.1 keep-alive connection, send {@code POST /jobs} N times in
 *       all. Each submit's latency is kept exactly; success is 202 with a UUID {@code id} and a {@code status}.
 *   <li>Finish: the same C threads walk the job ids in submission order, reading {@code GET /jobs/{id}}; a job that
 *       is not yet succeeded, failed or cancelled is read again after a short pause (10 ms, doubling up to 100 ms: status reads are work for the system being measured), so
 *       jobs already done cost one read each.
 * </ol>
 *
 * It prints on stdout exactly one line:
 *
 * <pre>
 * jobline: N=5000 C=32 submit_rps=... p50_ms=... p99_ms=... e2e_jobs_per_s=... cpu_ms_per_job=... errors=0 failed=0
 * </pre>
 *
 * <ul>
 *   <li>{@code submit_rps}: submits attempted / time from the first timed submit until the last one answered.
 *   <li>{@code p50_ms}, {@code p99_ms}: nearest-rank percentiles of the successful submits' latencies.
 *   <li>{@code e2e_jobs_per_s}: jobs finished / time from the first timed submit to the moment the last job was seen
 *       finished (so it includes up to one re-read pause of polling delay).
 *   <li>{@code cpu_ms_per_job}: user+system CPU of the Jobline process ({@code /proc/PID/stat}) over that same span,
 *       divided by N. It includes the CPU spent answering the status reads. CPU of PostgreSQL, Redis or other
 *       processes is not counted.
 *   <li>{@code errors}: unexpected HTTP answers or I/O failures, submits and status reads together (details by
 *       status on stderr); {@code failed}: jobs that ended {@code failed}.
 * </ul>
 *
 * Progress and details go to stderr. Exit code 0 on a clean run; 1 if any request failed or any job did not finish
 * within the timeout; 2 on a bad command line.
 */
public final class SubmitBenchmark {

    private static final Duration MAX_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final long FIRST_RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long MAX_RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long PROGRESS_EVERY_SECONDS = 2;
    /** Worker threads are joined this long past the deadline; requests and pauses are all bounded by it. */
    private static final long JOIN_GRACE_MILLIS = 5_000;

    private final BenchOptions options;
    private final JobsClient client;
    private final long deadlineNanos;
    private final ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(
            task -> Thread.ofPlatform().name("progress").daemon().unstarted(task));

    SubmitBenchmark(BenchOptions options, JobsClient client) {
        this.options = options;
        this.client = client;
        this.deadlineNanos = System.nanoTime() + options.timeout().toNanos();
    }

    public static void main(String[] args) throws InterruptedException {
        BenchOptions options;
        try {
            options = BenchOptions.parse(List.of(args), System.getenv());
        } catch (BenchOptions.UsageException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(BenchOptions.USAGE);
            return;
        }
        JobsClient client = new JobsClient(options.url(), options.apiKey(), options.to());
        System.exit(new SubmitBenchmark(options, client).run());
    }

    /** Runs the benchmark and returns the process exit code. */
    int run() throws InterruptedException {
        try {
            return measure();
        } finally {
            progress.shutdownNow();
        }
    }

    private int measure() throws InterruptedException {
        log(
                "url=%s N=%d C=%d warmup=%d timeout=%ds",
                options.url(),
                options.jobs(),
                options.concurrency(),
                options.warmup(),
                options.timeout().toSeconds());
        Optional<ProcessCpu> cpu = cpuMeter();

        if (options.warmup() > 0) {
            ErrorTally warmupErrors = new ErrorTally("warmup");
            Submitted warm = submitAll(options.warmup(), "bench warmup ", warmupErrors, null);
            // Wait for the warm-up jobs, or their processing would be counted in the timed run's CPU and e2e time.
            Finished warmDone = awaitFinished(warm, warmupErrors);
            if (warmupErrors.total() > 0 || warmDone.unfinished() > 0 || warm.notAttempted() > 0) {
                log(
                        "warm-up went wrong (errors %s, %d jobs unfinished, %d not submitted); no timed run",
                        warmupErrors.byReason(),
                        warmDone.unfinished(),
                        warm.notAttempted());
                return 1;
            }
            log("warm-up done: %d jobs in %s", options.warmup(), seconds(warmDone.lastFinishedNanos() - warm.startNanos()));
        }

        ErrorTally submitErrors = new ErrorTally("submit");
        ErrorTally pollErrors = new ErrorTally("poll");
        LatencyRecorder latencies = new LatencyRecorder(options.jobs());
        OptionalLong cpuBefore = cpu.map(ProcessCpu::cpuMillis).orElse(OptionalLong.empty());
        long cpuSpanStart = System.nanoTime();

        Submitted submitted = submitAll(options.jobs(), "bench ", submitErrors, latencies);
        Finished finished = awaitFinished(submitted, pollErrors);

        OptionalLong cpuAfter = cpu.map(ProcessCpu::cpuMillis).orElse(OptionalLong.empty());
        double cpuSpanSeconds = (System.nanoTime() - cpuSpanStart) / 1e9;
        if (cpuBefore.isPresent() && cpuAfter.isPresent()) {
            long used = cpuAfter.getAsLong() - cpuBefore.getAsLong();
            log("cpu: pid %d used %d ms in %.2f s", cpu.orElseThrow().pid(), used, cpuSpanSeconds);
        } else if (cpu.isPresent()) {
            log("cpu: could not read /proc/%d/stat before and after (did it exit?)", cpu.get().pid());
        }
        return report(submitted, finished, latencies.snapshot(), submitErrors, pollErrors, cpuBefore, cpuAfter);
    }

    // ---------------------------------------------------------------- submit

    /** Which jobs one submit phase created, in submission order; a null id is a submit that failed. */
    private record Submitted(String[] ids, int attempted, int accepted, long startNanos, long endNanos) {
        int notAttempted() {
            return ids.length - attempted;
        }
    }

    private Submitted submitAll(int count, String subjectPrefix, ErrorTally errors, LatencyRecorder latencies)
            throws InterruptedException {
        String[] ids = new String[count];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicInteger accepted = new AtomicInteger();
        String phase = latencies == null ? "warm-up submitted" : "submitted";

        long start = System.nanoTime();
        runWorkers("submit", phase, done::get, count, () -> {
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                Duration timeout = requestTimeout();
                if (timeout == null) {
                    return;
                }
                long sent = System.nanoTime();
                SubmitOutcome outcome = client.submit(subjectPrefix + i, timeout);
                long took = System.nanoTime() - sent;
                switch (outcome) {
                    case SubmitOutcome.Accepted(String jobId) -> {
                        ids[i] = jobId;
                        accepted.incrementAndGet();
                        if (latencies != null) {
                            latencies.record(took);
                        }
                    }
                    case SubmitOutcome.Rejected(String reason, String body) -> {
                        if (pastDeadline()) {
                            return; // cut short by the run's timeout, which is reported as such
                        }
                        errors.record(reason, body);
                    }
                }
                done.incrementAndGet();
            }
        });
        long end = System.nanoTime();
        return new Submitted(ids, done.get(), accepted.get(), start, end);
    }

    // ---------------------------------------------------------------- wait for the jobs

    private record Finished(long[] byStatus, long finished, long unfinished, long lastFinishedNanos, long reads) {
        long count(ObservedStatus status) {
            return byStatus[status.ordinal()];
        }
    }

    private Finished awaitFinished(Submitted submitted, ErrorTally errors) throws InterruptedException {
        String[] ids = submitted.ids();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        LongAdder[] byStatus = new LongAdder[ObservedStatus.values().length];
        for (int s = 0; s < byStatus.length; s++) {
            byStatus[s] = new LongAdder();
        }
        LongAdder reads = new LongAdder();
        LongAccumulator lastFinished = new LongAccumulator(Math::max, submitted.startNanos());

        runWorkers("poll", "finished", finished::get, submitted.accepted(), () -> {
            for (int i = next.getAndIncrement(); i < ids.length; i = next.getAndIncrement()) {
                String id = ids[i];
                long pause = FIRST_RECHECK_NANOS;
                while (id != null) {
                    Duration timeout = requestTimeout();
                    if (timeout == null) {
                        return;
                    }
                    reads.increment();
                    PollOutcome outcome = client.status(id, timeout);
                    long seen = System.nanoTime();
                    switch (outcome) {
                        case PollOutcome.Observed(ObservedStatus status) when status.finished() -> {
                            byStatus[status.ordinal()].increment();
                            finished.incrementAndGet();
                            lastFinished.accumulate(seen);
                            id = null;
                        }
                        case PollOutcome.Observed ignored -> {}
                        case PollOutcome.Rejected(String reason, String body) -> {
                            if (pastDeadline()) {
                                return; // cut short by the run's timeout, which is reported as such
                            }
                            errors.record(reason, body);
                        }
                    }
                    if (id != null) {
                        long sleep = Math.min(pause, deadlineNanos - System.nanoTime());
                        if (sleep <= 0) {
                            return;
                        }
                        TimeUnit.NANOSECONDS.sleep(sleep);
                        pause = Math.min(pause * 2, MAX_RECHECK_NANOS);
                    }
                }
            }
        });

        long[] counts = new long[byStatus.length];
        for (int s = 0; s < counts.length; s++) {
            counts[s] = byStatus[s].sum();
        }
        return new Finished(
                counts, finished.get(), submitted.accepted() - finished.get(), lastFinished.get(), reads.sum());
    }

    // ---------------------------------------------------------------- report

    private int report(
            Submitted submitted,
            Finished finished,
            LatencyRecorder.Snapshot latencies,
            ErrorTally submitErrors,
            ErrorTally pollErrors,
            OptionalLong cpuBefore,
            OptionalLong cpuAfter) {
        int n = options.jobs();
        double submitSeconds = (submitted.endNanos() - submitted.startNanos()) / 1e9;
        double e2eSeconds = (finished.lastFinishedNanos() - submitted.startNanos()) / 1e9;
        double submitRps = submitSeconds > 0 ? submitted.attempted() / submitSeconds : 0;
        double e2eRate = e2eSeconds > 0 ? finished.finished() / e2eSeconds : 0;

        String cpuPerJob = "n/a";
        if (cpuBefore.isPresent() && cpuAfter.isPresent()) {
            cpuPerJob = String.format(Locale.ROOT, "%.3f", (double) (cpuAfter.getAsLong() - cpuBefore.getAsLong()) / n);
        }

        log(
                "submit: %d attempted, %d accepted in %.2f s; latency ms mean %.2f p50 %.2f p90 %.2f p99 %.2f"
                        + " p99.9 %.2f max %.2f",
                submitted.attempted(),
                submitted.accepted(),
                submitSeconds,
                latencies.meanMillis(),
                latencies.percentileMillis(50),
                latencies.percentileMillis(90),
                latencies.percentileMillis(99),
                latencies.percentileMillis(99.9),
                latencies.maxMillis());
        log(
                "finish: %d succeeded, %d failed, %d cancelled, %d unfinished, %d never submitted;"
                        + " last seen finished %.2f s after the first submit; %d status reads",
                finished.count(ObservedStatus.SUCCEEDED),
                finished.count(ObservedStatus.FAILED),
                finished.count(ObservedStatus.CANCELLED),
                finished.unfinished(),
                submitted.notAttempted(),
                e2eSeconds,
                finished.reads());
        long errors = submitErrors.total() + pollErrors.total();
        if (errors > 0) {
            log("errors: submit %s, poll %s", submitErrors.byReason(), pollErrors.byReason());
        }
        boolean timedOut = finished.unfinished() > 0 || submitted.notAttempted() > 0;
        if (timedOut) {
            log("timed out after %d s with jobs unfinished", options.timeout().toSeconds());
        }

        System.out.println(String.format(
                Locale.ROOT,
                "jobline: N=%d C=%d submit_rps=%.1f p50_ms=%.2f p99_ms=%.2f e2e_jobs_per_s=%.1f cpu_ms_per_job=%s"
                        + " errors=%d failed=%d",
                n,
                options.concurrency(),
                submitRps,
                latencies.percentileMillis(50),
                latencies.percentileMillis(99),
                e2eRate,
                cpuPerJob,
                errors,
                finished.count(ObservedStatus.FAILED)));
        return errors > 0 || timedOut ? 1 : 0;
    }

    // ---------------------------------------------------------------- plumbing

    private Optional<ProcessCpu> cpuMeter() {
        long ticks = ProcessCpu.ticksPerSecond();
        if (options.pid().isPresent()) {
            ProcessCpu cpu = new ProcessCpu(options.pid().getAsLong(), ticks);
            if (cpu.cpuMillis().isEmpty()) {
                log("cannot read /proc/%d/stat; cpu_ms_per_job=n/a", cpu.pid());
                return Optional.empty();
            }
            return Optional.of(cpu);
        }
        List<Long> found = ProcessCpu.findJavaProcesses(ProcessCpu.LOCAL_JOBLINE_MAIN);
        if (found.size() == 1) {
            log("measuring CPU of pid %d (%s; %d ticks/s)", found.getFirst(), ProcessCpu.LOCAL_JOBLINE_MAIN, ticks);
            return Optional.of(new ProcessCpu(found.getFirst(), ticks));
        }
        log(
                found.isEmpty()
                        ? "no local java process runs %s%s; pass --pid to measure CPU; cpu_ms_per_job=n/a"
                        : "several java processes run %s %s; pass --pid to pick one; cpu_ms_per_job=n/a",
                ProcessCpu.LOCAL_JOBLINE_MAIN,
                found.isEmpty() ? "" : found);
        return Optional.empty();
    }

    private boolean pastDeadline() {
        return deadlineNanos - System.nanoTime() <= 0;
    }

    /** Time left for one request, at most {@link #MAX_REQUEST_TIMEOUT}; null once the run's deadline has passed. */
    private Duration requestTimeout() {
        long left = deadlineNanos - System.nanoTime();
        return left <= 0 ? null : Duration.ofNanos(Math.min(left, MAX_REQUEST_TIMEOUT.toNanos()));
    }

    @FunctionalInterface
    private interface Worker {
        void run() throws InterruptedException;
    }

    /** Runs {@code worker} on C threads and waits for them, reporting {@code done} of {@code total} meanwhile. */
    private void runWorkers(String name, String phase, IntSupplier done, int total, Worker worker)
            throws InterruptedException {
        var ticker = progress.scheduleAtFixedRate(
                () -> log("%s %d/%d", phase, done.getAsInt(), total),
                PROGRESS_EVERY_SECONDS,
                PROGRESS_EVERY_SECONDS,
                TimeUnit.SECONDS);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < options.concurrency(); t++) {
            threads.add(Thread.ofPlatform().name(name + "-" + t).daemon().start(() -> {
                try {
                    worker.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        try {
            for (Thread thread : threads) {
                long waitMillis = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()) + JOIN_GRACE_MILLIS;
                thread.join(Math.max(waitMillis, 1));
            }
        } finally {
            ticker.cancel(false);
        }
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }

    private static void log(String format, Object... args) {
        System.err.println("[bench] " + String.format(Locale.ROOT, format, args));
    }
}
