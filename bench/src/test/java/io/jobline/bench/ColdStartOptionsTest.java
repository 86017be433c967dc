package io.jobline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobline.bench.BenchOptions.UsageException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ColdStartOptionsTest {

    @Test
    void defaultsRunEveryVariantNineTimesAfterOneWarmUp() {
        ColdStartOptions options = ColdStartOptions.parse(List.of());

        assertEquals(9, options.runs());
        assertEquals(1, options.warmup());
        assertEquals(EnumSet.allOf(ColdStartVariant.class), options.variants());
        assertEquals(List.of(), options.jvmFlags());
        assertEquals(Optional.empty(), options.java());
    }

    @Test
    void optionsTakeSeparateOrInlineValues() {
        ColdStartOptions options = ColdStartOptions.parse(List.of(
                "--runs", "15", "--warmup=0", "--only", "api-tuned, worker-naive",
                "--jvm-flag=-XX:+UseSerialGC", "--jvm-flag", "-Xlog:class+load", "--root", "/repo"));

        assertEquals(15, options.runs());
        assertEquals(0, options.warmup());
        assertEquals(EnumSet.of(ColdStartVariant.API_TUNED, ColdStartVariant.WORKER_NAIVE), options.variants());
        assertEquals(List.of("-XX:+UseSerialGC", "-Xlog:class+load"), options.jvmFlags());
        assertEquals(Optional.of(Path.of("/repo")), options.root());
    }

    @Test
    void badValuesNameTheOption() {
        UsageException runs = assertThrows(UsageException.class, () -> ColdStartOptions.parse(List.of("--runs", "0")));
        assertTrue(runs.getMessage().startsWith("--runs"), runs.getMessage());
        UsageException only = assertThrows(UsageException.class,
                () -> ColdStartOptions.parse(List.of("--only", "api-fast")));
        assertTrue(only.getMessage().contains("api-fast"), only.getMessage());
        assertThrows(UsageException.class, () -> ColdStartOptions.parse(List.of("--runs")));
        assertThrows(UsageException.class, () -> ColdStartOptions.parse(List.of("--bogus", "1")));
    }

    @Test
    void helpWins() {
        assertTrue(ColdStartOptions.parse(List.of("--runs", "3", "--help")).help());
    }
}
