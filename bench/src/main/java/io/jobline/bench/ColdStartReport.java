package io.jobline.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

/** The benchmark's printout: a table of medians, the naive/tuned ratios, the targets, one summary line per variant. */
final class ColdStartReport {

    static final long API_TOTAL_TARGET_MS = 700;
    static final long WORKER_TOTAL_TARGET_MS = 900;
    static final double JAR_TARGET_MB = 15;
    private static final double BYTES_PER_MB = 1024.0 * 1024.0;

    /** Medians of one variant's runs; each is the median of that figure over the runs, not a sum of other medians. */
    record Medians(double jvmMs, double initMs, double firstMs, double totalMs, double cpuMs, double wallMs,
            long minTotalMs, long maxTotalMs, int runs) {

        static Medians of(List<ColdStartRun> runs) {
            if (runs.isEmpty()) {
                throw new IllegalArgumentException("no runs");
            }
            return new Medians(
                    median(runs, ColdStartRun::jvmMs),
                    median(runs, ColdStartRun::initMs),
                    median(runs, ColdStartRun::firstMs),
                    median(runs, ColdStartRun::totalMs),
                    median(runs, ColdStartRun::cpuMs),
                    median(runs, ColdStartRun::wallMs),
                    runs.stream().mapToLong(ColdStartRun::totalMs).min().orElseThrow(),
                    runs.stream().mapToLong(ColdStartRun::totalMs).max().orElseThrow(),
                    runs.size());
        }
    }

    private final Map<ColdStartVariant, List<ColdStartRun>> runs;
    private final Map<String, Long> jarBytesByFunction;
    private final Map<ColdStartVariant, Long> classpathBytes;
    private final String childJvm;

    /**
     * @param runs the measured runs of each variant that ran
     * @param jarBytesByFunction the shaded jar's size for {@code api} and {@code worker}
     * @param classpathBytes what each variant's child had on its class path besides the probe (jar + Apache client)
     * @param childJvm how the children were started, for the heading
     */
    ColdStartReport(Map<ColdStartVariant, List<ColdStartRun>> runs, Map<String, Long> jarBytesByFunction,
            Map<ColdStartVariant, Long> classpathBytes, String childJvm) {
        this.runs = runs;
        this.jarBytesByFunction = jarBytesByFunction;
        this.classpathBytes = classpathBytes;
        this.childJvm = childJvm;
    }

    /** The median of {@code values}: the middle one, or the mean of the two middle ones when the count is even. */
    static double median(long... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("the median of nothing is undefined");
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2.0;
    }

    static <T> double median(List<T> items, ToLongFunction<T> figure) {
        return median(items.stream().mapToLong(figure).toArray());
    }

    String render() {
        List<String> lines = new ArrayList<>();
        int runCount = runs.values().stream().mapToInt(List::size).max().orElse(0);
        lines.add("Cold start of the function jars: median of " + runCount + " runs per variant, a fresh JVM each");
        lines.add("  " + childJvm);
        lines.add("");
        lines.add(String.format(Locale.ROOT, "%-14s %7s %8s %9s %9s %7s %8s %15s %13s",
                "variant", "jvm_ms", "init_ms", "first_ms", "total_ms", "cpu_ms", "wall_ms", "total_min..max",
                "classpath_mb"));
        for (ColdStartVariant variant : ColdStartVariant.values()) {
            List<ColdStartRun> variantRuns = runs.get(variant);
            if (variantRuns == null || variantRuns.isEmpty()) {
                continue;
            }
            Medians m = Medians.of(variantRuns);
            lines.add(String.format(Locale.ROOT, "%-14s %7.0f %8.0f %9.0f %9.0f %7.0f %8.0f %15s %13.2f",
                    variant.function() + " " + variant.style(), m.jvmMs(), m.initMs(), m.firstMs(), m.totalMs(),
                    m.cpuMs(), m.wallMs(), m.minTotalMs() + ".." + m.maxTotalMs(),
                    mb(classpathBytes.getOrDefault(variant, 0L))));
        }
        lines.add("");
        lines.add("  jvm_ms    launch -> main() entered: the JVM booting");
        lines.add("  init_ms   launch -> handler constructed: Lambda's Init Duration");
        lines.add("  first_ms  the first handleRequest");
        lines.add("  total_ms  launch -> first invocation done, by the probe's clock: what the first caller waits");
        lines.add("  cpu_ms    CPU the child had used by then, all threads (JIT, GC): less disturbed by a busy machine");
        lines.add("  wall_ms   spawn -> process exit, by this benchmark's clock (adds JVM exit, which Lambda skips)");
        lines.add("  classpath_mb  function jar, plus the Apache client jars for naive (MB = 2^20 bytes)");
        lines.add("");
        lines.add("jars: " + jarLine("api", "jobline-api.jar") + ", " + jarLine("worker", "jobline-worker.jar"));
        lines.addAll(ratios());
        lines.addAll(targets());
        lines.add("");
        lines.addAll(summaryLines());
        return String.join("\n", lines);
    }

    /** {@code coldstart api tuned: init_ms=... first_ms=... total_ms=... wall_ms=... jar_mb=...}, one per variant. */
    List<String> summaryLines() {
        List<String> lines = new ArrayList<>();
        for (ColdStartVariant variant : ColdStartVariant.values()) {
            List<ColdStartRun> variantRuns = runs.get(variant);
            if (variantRuns == null || variantRuns.isEmpty()) {
                continue;
            }
            Medians m = Medians.of(variantRuns);
            lines.add(String.format(Locale.ROOT,
                    "coldstart %s %s: init_ms=%.0f first_ms=%.0f total_ms=%.0f cpu_ms=%.0f wall_ms=%.0f jar_mb=%.2f"
                            + " runs=%d",
                    variant.function(), variant.style(), m.initMs(), m.firstMs(), m.totalMs(), m.cpuMs(), m.wallMs(),
                    mb(jarBytesByFunction.getOrDefault(variant.function(), 0L)), m.runs()));
        }
        return lines;
    }

    /** How many times slower the naive variant is than the tuned one, figure by figure. */
    List<String> ratios() {
        List<String> lines = new ArrayList<>();
        for (ColdStartVariant naive : List.of(ColdStartVariant.API_NAIVE, ColdStartVariant.WORKER_NAIVE)) {
            List<ColdStartRun> naiveRuns = runs.get(naive);
            List<ColdStartRun> tunedRuns = runs.get(naive.tuned());
            if (naiveRuns == null || tunedRuns == null || naiveRuns.isEmpty() || tunedRuns.isEmpty()) {
                continue;
            }
            Medians n = Medians.of(naiveRuns);
            Medians t = Medians.of(tunedRuns);
            lines.add(String.format(Locale.ROOT,
                    "naive/tuned %-8s init x%s  first x%s  total x%s  cpu x%s  wall x%s",
                    naive.function() + ":", ratio(n.initMs(), t.initMs()), ratio(n.firstMs(), t.firstMs()),
                    ratio(n.totalMs(), t.totalMs()), ratio(n.cpuMs(), t.cpuMs()), ratio(n.wallMs(), t.wallMs())));
        }
        return lines;
    }

    private List<String> targets() {
        List<String> lines = new ArrayList<>();
        List<String> verdicts = new ArrayList<>();
        addTotalTarget(verdicts, ColdStartVariant.API_TUNED, API_TOTAL_TARGET_MS);
        addTotalTarget(verdicts, ColdStartVariant.WORKER_TUNED, WORKER_TOTAL_TARGET_MS);
        for (String function : List.of("api", "worker")) {
            Long bytes = jarBytesByFunction.get(function);
            if (bytes != null) {
                verdicts.add(String.format(Locale.ROOT, "%s jar %.2f MB (< %.0f) %s",
                        function, mb(bytes), JAR_TARGET_MB, mb(bytes) < JAR_TARGET_MB ? "met" : "MISSED"));
            }
        }
        if (!verdicts.isEmpty()) {
            lines.add("targets: " + String.join("; ", verdicts));
        }
        return lines;
    }

    private void addTotalTarget(List<String> verdicts, ColdStartVariant variant, long targetMs) {
        List<ColdStartRun> variantRuns = runs.get(variant);
        if (variantRuns != null && !variantRuns.isEmpty()) {
            double total = Medians.of(variantRuns).totalMs();
            verdicts.add(String.format(Locale.ROOT, "%s total %.0f ms (< %d) %s",
                    variant.label(), total, targetMs, total < targetMs ? "met" : "MISSED"));
        }
    }

    private String jarLine(String function, String name) {
        Long bytes = jarBytesByFunction.get(function);
        return bytes == null ? name + " n/a" : String.format(Locale.ROOT, "%s %.2f MB", name, mb(bytes));
    }

    static String ratio(double numerator, double denominator) {
        return denominator <= 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", numerator / denominator);
    }

    static double mb(long bytes) {
        return bytes / BYTES_PER_MB;
    }
}
