package io.jobline.bench;

import io.jobline.JobId;
import io.jobline.JobStatus;
import io.jobline.bench.BenchOptions.UsageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Measures cold starts of the two function jars the way Lambda's java21 runtime has them: each run is a fresh JVM
 * ({@code -XX:+TieredCompilation -XX:TieredStopAtLevel=1 -Xshare:auto}) with only the shaded jar (and a probe) on its
 * class path and only the function's environment, that constructs the handler and handles one event against real
 * local services.
 *
 * <h2>Running it</h2>
 *
 * From the repository root:
 *
 * <pre>
 * mvn -q -B package -DskipTests &amp;&amp; mvn -q -B -pl bench exec:java -Dexec.mainClass=io.jobline.bench.ColdStartBenchmark
 * </pre>
 *
 * Options go in {@code -Dexec.args="--runs 15"}; {@code --help} lists them ({@link ColdStartOptions#USAGE}). {@code -pl
 * bench} takes the other Jobline modules (used here for the set-up only) from the local Maven repository, so after a
 * fresh clone, or a change to {@code shared} or {@code local}, use {@code mvn -q -B install -DskipTests} as the first
 * command; the benchmark refuses to run when the installed build lacks a migration the function jars carry.
 *
 * <h2>What it does</h2>
 *
 * <ol>
 *   <li>In this JVM: embedded PostgreSQL (migrated, one tenant and API key), Redis, ElasticMQ (a queue per priority,
 *       each with its dead-letter queue) and the SES stand-in. Nothing consumes the queues.
 *   <li>For each run, for each variant in turn (so drift spreads evenly): spawn {@code java <Lambda's flags> -cp
 *       <function jar>:<probe jar> <probe>}, where the probe jar holds only the package {@code
 *       io.jobline.bench.probe}, with the function's environment and nothing of this JVM's.
 *       <ul>
 *         <li>{@code api tuned}: {@code new ApiHandler()}, then one API Gateway {@code POST /jobs} event with the key;
 *             it must answer 202, and the job row must exist.
 *         <li>{@code worker tuned}: {@code new WorkerHandler()}, then a one-message SQS batch for a job queued just
 *             before; no batch item failure, and the job must be {@code succeeded} with one more email sent.
 *         <li>{@code naive}: the same use cases behind a handler that builds everything inside the invocation and
 *             leaves the SQS and SES clients on SDK defaults, with the Apache HTTP client on the class path (which
 *             the SDK then picks). It shows what building at init and the URLConnection client buy.
 *       </ul>
 *   <li>{@code --warmup} untimed rounds first (default 1), so the services' own first-request costs stay out.
 *   <li>Stops every service, also on Ctrl-C.
 * </ol>
 *
 * <h2>What it prints</h2>
 *
 * A table of medians per variant: {@code jvm_ms} (launch to {@code main}), {@code init_ms} (launch to handler
 * constructed: Lambda's Init Duration), {@code first_ms} (the first {@code handleRequest}), {@code total_ms} (launch
 * to first invocation done, by the probe's clock), {@code cpu_ms} (CPU the child had used by then, all threads) and
 * {@code wall_ms} (spawn to process exit, by this JVM's clock), with the class path size; the naive/tuned ratios; the
 * issue's targets (api total under 700 ms, worker under 900 ms, jars under 15 MB); then one line per variant:
 *
 * <pre>
 * coldstart api tuned: init_ms=... first_ms=... total_ms=... cpu_ms=... wall_ms=... jar_mb=... runs=9
 * </pre>
 *
 * Progress goes to stderr. Exit code 0 with figures, 1 when a run failed or a jar is missing, 2 on a bad command line.
 *
 * <p>The heading gives the machine's load average: other work slows cold starts down (wall-clock figures much more
 * than {@code cpu_ms}), so compare variants of one run rather than runs on a busy machine, or give the benchmark
 * priority ({@code nice -n -10 mvn ...} as root; the children inherit it). {@code cpu_ms} above {@code total_ms} means
 * the JVM used more than one core (JIT, GC, the pool's connection thread); a Lambda function below 1769 MB has less
 * than one vCPU, so there {@code cpu_ms} is the better guide.
 *
 * <p>Experiments go through {@code --jvm-flag}: e.g. {@code --only api-tuned --jvm-flag=-XX:+AutoCreateSharedArchive
 * --jvm-flag=-XX:SharedArchiveFile=/tmp/api.jsa} for AppCDS (the warm-up run writes the archive), or {@code
 * --jvm-flag=-Xlog:class+load:file=/tmp/cl-%p.log:uptime} to see what loads when.
 *
 * <p>Not measured: Lambda's own overhead (fetching the code, its runtime client and event deserialisation), and the
 * network distance to RDS, ElastiCache, SQS and SES, which is loopback here.
 */
public final class ColdStartBenchmark {

    private ColdStartBenchmark() {}

    public static void main(String[] args) {
        ColdStartOptions options;
        try {
            options = ColdStartOptions.parse(List.of(args));
        } catch (UsageException e) {
            System.err.println("coldstart: " + e.getMessage());
            System.err.println(ColdStartOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(ColdStartOptions.USAGE);
            return;
        }
        try {
            System.out.println(run(options));
        } catch (ColdStartException e) {
            System.err.println("coldstart: " + e.getMessage());
            System.exit(1);
        }
    }

    static String run(ColdStartOptions options) {
        Path root = options.root().orElseGet(ColdStartBenchmark::findRepositoryRoot);
        Path apiJar = functionJar(root, "api");
        Path workerJar = functionJar(root, "worker");
        List<Path> apacheJars = ProbeClasspath.apacheClientJars();
        Path java = options.java().orElse(Path.of(System.getProperty("java.home"), "bin", "java"));
        if (options.runs() < ColdStartOptions.RECOMMENDED_MIN_RUNS) {
            System.err.println("coldstart: " + options.runs() + " runs per variant; the issue asks for the median of at"
                    + " least " + ColdStartOptions.RECOMMENDED_MIN_RUNS);
        }

        String loadAtStart = loadAverage();
        Path scratch = createScratchDirectory();
        try {
            Path probeClasses = ProbeClasspath.isolateProbeClasses(scratch.resolve("coldstart-probes.jar"));
            ProbeLauncher launcher = new ProbeLauncher(java, options.jvmFlags(), scratch);
            System.err.println("coldstart: starting PostgreSQL, Redis, ElasticMQ and the SES stand-in...");
            try (ColdStartStack stack = ColdStartStack.start(List.of(apiJar, workerJar))) {
                Thread stopper = new Thread(() -> {
                    launcher.stopRunning();
                    stack.close();
                }, "coldstart-stop");
                Runtime.getRuntime().addShutdownHook(stopper);
                try {
                    Map<ColdStartVariant, List<ColdStartRun>> runs =
                            measure(options, stack, launcher, apiJar, workerJar, apacheJars, probeClasses);
                    Map<ColdStartVariant, Long> classpathBytes = new EnumMap<>(ColdStartVariant.class);
                    for (ColdStartVariant variant : options.variants()) {
                        classpathBytes.put(variant, ProbeClasspath.sizeOf(
                                functionClasspath(variant, apiJar, workerJar, apacheJars)));
                    }
                    return new ColdStartReport(runs,
                            Map.of("api", ProbeClasspath.sizeOf(List.of(apiJar)),
                                    "worker", ProbeClasspath.sizeOf(List.of(workerJar))),
                            classpathBytes,
                            "java " + Runtime.version() + " (" + java + ") " + String.join(" ", launcher.jvmFlags())
                                    + "\n  machine: " + Runtime.getRuntime().availableProcessors() + " CPUs, load"
                                    + " average (1 min) " + loadAtStart + " at start, " + loadAverage() + " at end")
                            .render();
                } finally {
                    removeHook(stopper);
                }
            }
        } finally {
            deleteRecursively(scratch);
        }
    }

    private static Map<ColdStartVariant, List<ColdStartRun>> measure(ColdStartOptions options, ColdStartStack stack,
            ProbeLauncher launcher, Path apiJar, Path workerJar, List<Path> apacheJars, Path probeClasses) {
        Map<ColdStartVariant, List<ColdStartRun>> runs = new EnumMap<>(ColdStartVariant.class);
        for (int round = -options.warmup(); round < options.runs(); round++) {
            for (ColdStartVariant variant : options.variants()) {
                List<Path> classpath = new ArrayList<>(functionClasspath(variant, apiJar, workerJar, apacheJars));
                classpath.add(1, probeClasses);
                ColdStartRun run = runOnce(variant, stack, launcher, classpath);
                String which = round < 0 ? "warm-up" : "run " + (round + 1) + "/" + options.runs();
                System.err.printf(
                        "coldstart: %-13s %-11s init %5d ms  first %5d ms  total %5d ms  cpu %5d ms  wall %5d ms%n",
                        variant.function() + " " + variant.style(), which, run.initMs(), run.firstMs(),
                        run.totalMs(), run.cpuMs(), run.wallMs());
                if (round >= 0) {
                    runs.computeIfAbsent(variant, v -> new ArrayList<>()).add(run);
                }
            }
        }
        return runs;
    }

    /** One cold start, checked against the services: a run that did not do its work does not count. */
    private static ColdStartRun runOnce(ColdStartVariant variant, ColdStartStack stack, ProbeLauncher launcher,
            List<Path> classpath) {
        Map<String, String> env = stack.functionEnv("jobline-" + variant.function());
        if (variant.function().equals("api")) {
            ProbeLauncher.Outcome outcome = launcher.launch(variant, classpath, env, stack.apiKey().secret());
            JobId id = JobId.parse(outcome.detail());
            if (stack.statusOf(id).isEmpty()) {
                throw new ColdStartException(variant.label() + " answered 202 for job " + id + " but it has no row");
            }
            return outcome.run();
        }
        JobId id = stack.queueEmailJob();
        int emailsBefore = stack.emailsSent();
        ProbeLauncher.Outcome outcome = launcher.launch(variant, classpath, env, id.toString());
        JobStatus status = stack.statusOf(id).orElse(null);
        if (status != JobStatus.SUCCEEDED || stack.emailsSent() != emailsBefore + 1) {
            throw new ColdStartException(variant.label() + " left job " + id + " " + status + " after sending "
                    + (stack.emailsSent() - emailsBefore) + " emails; expected succeeded after 1");
        }
        return outcome.run();
    }

    /** The function jar, then for the naive variant the Apache client jars; the probe classes go in after the jar. */
    private static List<Path> functionClasspath(ColdStartVariant variant, Path apiJar, Path workerJar,
            List<Path> apacheJars) {
        List<Path> classpath = new ArrayList<>();
        classpath.add(variant.function().equals("api") ? apiJar : workerJar);
        if (variant.naive()) {
            classpath.addAll(apacheJars);
        }
        return classpath;
    }

    private static Path functionJar(Path root, String function) {
        Path jar = root.resolve("functions").resolve(function).resolve("target").resolve("jobline-" + function + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new ColdStartException(jar + " is missing: build the function jars first with"
                    + " `mvn -q -B package -DskipTests` in " + root);
        }
        return jar;
    }

    /** The working directory or its nearest parent that holds {@code functions/api}: exec:java runs where mvn ran. */
    private static Path findRepositoryRoot() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("functions/api/pom.xml"))) {
                return dir;
            }
        }
        throw new ColdStartException("No Jobline repository (with functions/api) at or above " + start
                + ": run from the repository or pass --root DIR");
    }

    /** Other work on the machine slows cold starts down; the heading says how busy it was. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    private static Path createScratchDirectory() {
        try {
            return Files.createTempDirectory("jobline-coldstart-");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a temporary directory", e);
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook runs and closing twice is harmless.
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            System.err.println("coldstart: could not delete " + dir + ": " + e.getMessage());
        }
    }
}
