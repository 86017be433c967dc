package io.jobline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobline.bench.probe.ProbeTimeline;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Starts a probe in a fresh JVM as Lambda's java21 runtime starts a function, with only the given class path and
 * environment, and reads back its timeline.
 */
final class ProbeLauncher {

    /** The flags Lambda's java21 runtime starts the JVM with (besides heap and its own agent). */
    static final List<String> LAMBDA_JVM_FLAGS =
            List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-Xshare:auto");

    private static final long TIMEOUT_SECONDS = 120;
    private static final int OUTPUT_LINES_SHOWN = 30;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a probe reported, besides the timings: the job id it submitted or ran. */
    record Outcome(ColdStartRun run, String detail) {}

    private final Path java;
    private final List<String> extraFlags;
    private final Path workDir;
    private volatile Process running;

    ProbeLauncher(Path java, List<String> extraFlags, Path workDir) {
        this.java = java;
        this.extraFlags = List.copyOf(extraFlags);
        this.workDir = workDir;
    }

    List<String> jvmFlags() {
        List<String> flags = new ArrayList<>(LAMBDA_JVM_FLAGS);
        flags.addAll(extraFlags);
        return flags;
    }

    Outcome launch(ColdStartVariant variant, List<Path> classpath, Map<String, String> env, String argument) {
        Path stdout = workDir.resolve("probe.out");
        Path stderr = workDir.resolve("probe.err");
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmFlags());
        command.add("-cp");
        command.add(classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        command.add(variant.probeClass());
        int launchedAtIndex = command.size();
        command.add("launch time, set just before the spawn");
        command.add(variant.style());
        command.add(argument);

        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        // Only the function's environment: nothing of this JVM's (JAVA_TOOL_OPTIONS, CLASSPATH, MAVEN_OPTS...).
        builder.environment().clear();
        builder.environment().putAll(env);

        int exitCode;
        long wallNanos;
        try {
            // Last, so that building the process (copying the environment...) is counted as launching it.
            builder.command().set(launchedAtIndex, Long.toString(System.currentTimeMillis()));
            long spawned = System.nanoTime();
            Process process = builder.start();
            running = process;
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new ColdStartException(variant.label() + " probe did not finish within " + TIMEOUT_SECONDS
                        + " s" + tail("stdout", stdout) + tail("stderr", stderr));
            }
            wallNanos = System.nanoTime() - spawned;
            exitCode = process.exitValue();
        } catch (IOException e) {
            throw new ColdStartException("Could not start " + java + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ColdStartException("Interrupted while a probe ran", e);
        } finally {
            running = null;
        }

        JsonNode timeline = timeline(stdout);
        if (timeline == null || exitCode != 0 || !timeline.path(ProbeTimeline.OK).asBoolean()) {
            throw new ColdStartException(variant.label() + " probe failed (exit code " + exitCode + "): "
                    + (timeline == null ? "no timeline printed" : timeline.path(ProbeTimeline.DETAIL).asText())
                    + tail("stdout", stdout) + tail("stderr", stderr));
        }
        ColdStartRun run = new ColdStartRun(
                timeline.path(ProbeTimeline.MAIN_MS).asLong(),
                timeline.path(ProbeTimeline.READY_MS).asLong(),
                timeline.path(ProbeTimeline.DONE_MS).asLong(),
                timeline.path(ProbeTimeline.CPU_MS).asLong(-1),
                TimeUnit.NANOSECONDS.toMillis(wallNanos));
        return new Outcome(run, timeline.path(ProbeTimeline.DETAIL).asText());
    }

    /** Ends a probe still running, when the benchmark is stopped (Ctrl-C). */
    void stopRunning() {
        Process process = running;
        if (process != null) {
            process.destroyForcibly();
        }
    }

    private static JsonNode timeline(Path stdout) {
        try {
            for (String line : Files.readAllLines(stdout, StandardCharsets.UTF_8)) {
                if (line.startsWith(ProbeTimeline.PREFIX)) {
                    return JSON.readTree(line.substring(ProbeTimeline.PREFIX.length()));
                }
            }
            return null;
        } catch (IOException e) {
            throw new ColdStartException("Could not read the probe's output " + stdout + ": " + e.getMessage(), e);
        }
    }

    /** The last lines of one of the probe's outputs (the JVM logs to stdout, the libraries to stderr). */
    private static String tail(String name, Path output) {
        try {
            List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
            List<String> tail = lines.subList(Math.max(0, lines.size() - OUTPUT_LINES_SHOWN), lines.size());
            return tail.isEmpty() ? "" : "\n--- probe " + name + " (last lines) ---\n" + String.join("\n", tail);
        } catch (IOException e) {
            return "";
        }
    }
}
