package io.jobline.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** Resident memory of one process, read from Linux's {@code /proc/PID/status}. */
final class ProcessMemory {

    private ProcessMemory() {}

    /** VmRSS in kibibytes, or empty once the process is gone or the line is missing. */
    static OptionalLong rssKib(long pid) {
        try {
            return parseVmRssKib(Files.readString(Path.of("/proc", Long.toString(pid), "status"),
                    StandardCharsets.UTF_8));
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /** The {@code VmRSS:  123456 kB} line of a {@code /proc/PID/status} text, in kB. */
    static OptionalLong parseVmRssKib(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
                try {
                    return OptionalLong.of(Long.parseLong(parts[0]));
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }

    /** The 1-minute load average of this machine from {@code /proc/loadavg}, or NaN. */
    static double loadAverage1m() {
        try {
            String text = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).trim();
            return Double.parseDouble(text.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
