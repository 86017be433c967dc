package io.jobline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProcessCpuTest {

    // A real line from a JVM: utime (field 14) = 1520, stime (field 15) = 311.
    private static final String JAVA_STAT = "4242 (java) S 1 4242 4242 0 -1 4194560 51870 0 12 0 1520 311 0 0 20 0 "
            + "39 0 1234567 5000000000 60000 18446744073709551615 1 1 0 0 0 0 4 0 16800975 0 0 0 17 1 0 0 0 0 0";

    @Test
    void sumsUserAndSystemTicks() {
        assertEquals(1520 + 311, ProcessCpu.parseCpuTicks(JAVA_STAT));
    }

    @Test
    void commandNameWithSpacesAndParenthesesDoesNotShiftTheFields() {
        String tricky = JAVA_STAT.replace("(java)", "(my ) (job) line)");

        assertEquals(1520 + 311, ProcessCpu.parseCpuTicks(tricky));
    }

    @Test
    void truncatedOrGarbledLinesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> ProcessCpu.parseCpuTicks("4242 java S 1"));
        assertThrows(IllegalArgumentException.class, () -> ProcessCpu.parseCpuTicks("4242 (java) S 1 2 3"));
        assertThrows(
                IllegalArgumentException.class,
                () -> ProcessCpu.parseCpuTicks(JAVA_STAT.replace(" 1520 ", " x ")));
    }

    @Test
    void readsThisProcessOwnStat() throws Exception {
        Path stat = Path.of("/proc/self/stat");
        if (!Files.exists(stat)) {
            return; // not Linux
        }
        long ticks = ProcessCpu.parseCpuTicks(Files.readString(stat));

        assertTrue(ticks >= 0);
        assertTrue(new ProcessCpu(ProcessHandle.current().pid(), 100).cpuMillis().isPresent());
    }

    @Test
    void findsOnlyJavaLaunchersRunningTheClass() {
        String main = ProcessCpu.LOCAL_JOBLINE_MAIN;

        assertTrue(ProcessCpu.isJavaRunning("/usr/lib/jvm/bin/java\0-cp\0a.jar\0" + main + "\0", main));
        assertTrue(ProcessCpu.isJavaRunning("java\0-Dexec.mainClass=" + main + "\0", main));
        assertFalse(ProcessCpu.isJavaRunning("/bin/bash\0-c\0java -cp x " + main + "\0", main));
        assertFalse(ProcessCpu.isJavaRunning("/usr/bin/java\0-jar\0other.jar\0", main));
        assertFalse(ProcessCpu.isJavaRunning("", main));
    }
}
