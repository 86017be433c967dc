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

        for (CommandLine.Option option : CommandLine.of(args)) {
            if (option.isHelp()) {
                return new ColdStartOptions(runs, warmup, variants, List.of(), java, root, true);
            }
            switch (option.name()) {
                case "--runs" -> runs = option.intIn(1, 1000);
                case "--warmup" -> warmup = option.intIn(0, 100);
                case "--only" -> variants = variants(option.value());
                case "--jvm-flag" -> jvmFlags.add(option.value());
                case "--java" -> java = Optional.of(Path.of(option.value()));
                case "--root" -> root = Optional.of(Path.of(option.value()));
                default -> throw option.unknown();
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
}
