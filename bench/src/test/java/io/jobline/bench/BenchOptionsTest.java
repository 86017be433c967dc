package io.jobline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void defaultsNeedOnlyAnApiKey() {
        BenchOptions options = BenchOptions.parse(List.of("--api-key", "k"), Map.of());

        assertEquals(URI.create("http://127.0.0.1:3000"), options.url());
        assertEquals("k", options.apiKey());
        assertEquals(5000, options.jobs());
        assertEquals(32, options.concurrency());
        assertEquals(OptionalLong.empty(), options.pid());
        assertEquals(Duration.ofSeconds(300), options.timeout());
        assertEquals("bench@example.com", options.to());
        assertEquals(200, options.warmup());
    }

    @Test
    void readsEveryOption() {
        BenchOptions options = BenchOptions.parse(
                List.of("--url", "http://localhost:8080/", "-n", "10", "-c", "4", "--pid", "77",
                        "--timeout-seconds=20", "--to", "x@example.org", "--warmup", "0"),
                Map.of(BenchOptions.API_KEY_ENV, "from-env"));

        assertEquals(URI.create("http://localhost:8080"), options.url());
        assertEquals("from-env", options.apiKey());
        assertEquals(10, options.jobs());
        assertEquals(4, options.concurrency());
        assertEquals(OptionalLong.of(77), options.pid());
        assertEquals(Duration.ofSeconds(20), options.timeout());
        assertEquals("x@example.org", options.to());
        assertEquals(0, options.warmup());
    }

    @Test
    void theApiKeyIsRequired() {
        var e = assertThrows(BenchOptions.UsageException.class, () -> BenchOptions.parse(List.of(), Map.of()));

        assertTrue(e.getMessage().contains(BenchOptions.API_KEY_ENV));
    }

    @Test
    void badValuesNameTheOption() {
        Map<String, String> env = Map.of(BenchOptions.API_KEY_ENV, "k");

        assertTrue(assertThrows(BenchOptions.UsageException.class, () -> BenchOptions.parse(List.of("-n", "0"), env))
                .getMessage()
                .startsWith("-n"));
        assertThrows(BenchOptions.UsageException.class, () -> BenchOptions.parse(List.of("-c", "many"), env));
        assertThrows(BenchOptions.UsageException.class, () -> BenchOptions.parse(List.of("--url", "ftp://x"), env));
        assertThrows(BenchOptions.UsageException.class, () -> BenchOptions.parse(List.of("--bogus", "1"), env));
        assertThrows(BenchOptions.UsageException.class, () -> BenchOptions.parse(List.of("-n"), env));
    }
}
