package io.jobline.bench;

import io.jobline.bench.BenchOptions.UsageException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** ColdStartBenchmark's command line, parsed and validated once. */
record ColdStartOptions(
        int runs,
        int warmup,
        Set<ColdStartVariant> variants,
        List<String> jvmFlags,
        Optional<Path> java,
        Optional<Path> root,
        boolean help) {

    static final int DEFAULT_RUNS = 9;
    /** The issue asks for the median of at least this many runs; fewer are allowed for quick looks, with a warning. */
    static final int RECOMMENDED_MIN_RUNS = 7;

    static final String USAGE =
            """
            usage: ColdStartBenchmark [options]
              --runs N            measured cold starts per variant (default 9; report the median of >= 7)
              --warmup N          untimed cold starts per variant first, to warm the services (default 1)
              --only LIST         variants to run, comma separated: api-tuned,api-naive,worker-tuned,worker-naive
                                  (default all)
              --jvm-flag FLAG     extra flag for every child JVM, after Lambda's; repeatable
                                  (e.g. --jvm-flag=-Xlog:class+load:file=/tmp/cl-%p.log)
              --java PATH         the java launcher for the children (default: this JVM's)
              --root DIR          the Jobline repository, holding functions/*/target/*.jar
                                  (default: the working directory or the nearest parent that has functions/api)""";

    static ColdStartOptions parse(List<String> args) {
        int runs = DEFAULT_RUNS;
        int warmup = 1;
        Set<ColdStartVariant> variants = EnumSet.allOf(ColdStartVariant.class);
        List<String> jvmFlags = new ArrayList<>();
        Optional<Path> java = Optional.empty();
        Optional<Path> root = Optional.empty();

        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg;
            String inlineValue = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                inlineValue = arg.substring(equals + 1);
            }
            if (name.equals("-h") || name.equals("--help")) {
                return new ColdStartOptions(runs, warmup, variants, List.of(), java, root, true);
            }
            String value;
            if (inlineValue != null) {
                value = inlineValue;
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new UsageException(name + " needs a value");
            }
            switch (name) {
                case "--runs" -> runs = intIn(name, value, 1, 1000);
                case "--warmup" -> warmup = intIn(name, value, 0, 100);
                case "--only" -> variants = variants(value);
                case "--jvm-flag" -> jvmFlags.add(value);
                case "--java" -> java = Optional.of(Path.of(value));
                case "--root" -> root = Optional.of(Path.of(value));
                default -> throw new UsageException("unknown option " + name);
            }
        }
        return new ColdStartOptions(runs, warmup, variants, List.copyOf(jvmFlags), java, root, false);
    }

    private static Set<ColdStartVariant> variants(String list) {
        Set<ColdStartVariant> variants = EnumSet.noneOf(ColdStartVariant.class);
        for (String label : list.split(",")) {
            if (!label.isBlank()) {
                try {
                    variants.add(ColdStartVariant.fromLabel(label));
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--only: " + e.getMessage());
                }
            }
        }
        if (variants.isEmpty()) {
            throw new UsageException("--only names no variant");
        }
        return variants;
    }

    private static int intIn(String name, String value, int min, int max) {
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < min || parsed > max) {
                throw new UsageException(name + " must be between " + min + " and " + max + ", got " + value);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a whole number, got " + value);
        }
    }
}
