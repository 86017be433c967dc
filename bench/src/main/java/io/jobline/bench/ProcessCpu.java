package io.jobline.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** CPU time used by one process so far, read from Linux's {@code /proc/PID/stat}. */
final class ProcessCpu {

    static final String LOCAL_JOBLINE_MAIN = "io.jobline.local.LocalJobline";

    /** What Linux has used for USER_HZ on every mainstream architecture; used when getconf cannot tell us. */
    private static final long DEFAULT_TICKS_PER_SECOND = 100;

    private final long pid;
    private final long ticksPerSecond;

    ProcessCpu(long pid, long ticksPerSecond) {
        this.pid = pid;
        this.ticksPerSecond = ticksPerSecond;
    }

    long pid() {
        return pid;
    }

    /** User plus system CPU time in milliseconds, or empty once the process is gone. */
    OptionalLong cpuMillis() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            return OptionalLong.of(parseCpuTicks(stat) * 1000 / ticksPerSecond);
        } catch (IOException | IllegalArgumentException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * utime + stime (fields 14 and 15, in clock ticks) from one {@code /proc/PID/stat} line.
     *
     * <p>Field 2 is the command name in parentheses, and the name itself may hold spaces and parentheses, so fields
     * are counted from the last ')'.
     */
    static long parseCpuTicks(String statLine) {
        int endOfComm = statLine.lastIndexOf(')');
        if (endOfComm < 0) {
            throw new IllegalArgumentException("no command name in stat line: " + statLine);
        }
        String[] fields = statLine.substring(endOfComm + 1).trim().split("\\s+");
        // fields[0] is field 3 (state), so field k is fields[k - 3].
        if (fields.length < 13) {
            throw new IllegalArgumentException("stat line too short: " + statLine);
        }
        try {
            return Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("utime/stime not numbers in stat line: " + statLine, e);
        }
    }

    /** Clock ticks per second as {@code getconf CLK_TCK} reports it, else 100. */
    static long ticksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK")
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (getconf.waitFor(5, TimeUnit.SECONDS) && getconf.exitValue() == 0) {
                long ticks = Long.parseLong(out);
                if (ticks > 0) {
                    return ticks;
                }
            }
            getconf.destroy();
        } catch (IOException | NumberFormatException e) {
            // No getconf, or an answer we cannot read: fall through to the Linux default.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return DEFAULT_TICKS_PER_SECOND;
    }

    /** Pids of java processes, other than this one, with an argument that contains {@code needle}. */
    static List<Long> findJavaProcesses(String needle) {
        Path proc = Path.of("/proc");
        if (!Files.isDirectory(proc)) {
            return List.of();
        }
        long self = ProcessHandle.current().pid();
        List<Long> found = new ArrayList<>();
        try (Stream<Path> entries = Files.list(proc)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                String name = entry.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit)
                        && Long.parseLong(name) != self
                        && isJavaRunning(commandLine(entry), needle)) {
                    found.add(Long.parseLong(name));
                }
            }
        } catch (IOException | UncheckedIOException e) {
            return found;
        }
        return found;
    }

    /**
     * Whether a NUL-separated {@code /proc/PID/cmdline} is a java launcher with an argument containing {@code needle}.
     * Checking the launcher keeps a shell whose script merely mentions the class from being measured instead.
     */
    static boolean isJavaRunning(String cmdline, String needle) {
        String[] argv = cmdline.split("\0");
        if (argv.length < 2) {
            return false;
        }
        String launcher = argv[0].substring(argv[0].lastIndexOf('/') + 1);
        if (!launcher.equals("java")) {
            return false;
        }
        for (int i = 1; i < argv.length; i++) {
            if (argv[i].contains(needle)) {
                return true;
            }
        }
        return false;
    }

    private static String commandLine(Path procEntry) {
        try {
            return new String(Files.readAllBytes(procEntry.resolve("cmdline")), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return ""; // exited while we looked, or not ours to read
        }
    }
}
