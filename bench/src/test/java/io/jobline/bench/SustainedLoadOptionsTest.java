package io.jobline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SustainedLoadOptionsTest {

    @Test
    void defaultsMatchScenarioSeven() {
        SustainedLoadOptions options = SustainedLoadOptions.parse(List.of(), Map.of("JOBLINE_API_KEY", "jl_x"));
        assertEquals("http://127.0.0.1:3000", options.url().toString());
        assertEquals(200, options.rate());
        assertEquals(300, options.durationSeconds());
        assertEquals(10, options.reportEverySeconds());
        assertEquals(60_000, options.submissions());
        assertTrue(options.pid().isEmpty());
    }

    @Test
    void parsesEveryOption() {
        SustainedLoadOptions options = SustainedLoadOptions.parse(List.of("--url", "http://localhost:3100/",
                "--api-key=jl_y", "--rate", "50", "--duration-seconds", "20", "--pid", "42",
                "--report-every-seconds", "5", "--connections", "8", "--drain-seconds", "30"), Map.of());
        assertEquals("http://localhost:3100", options.url().toString());
        assertEquals("jl_y", options.apiKey());
        assertEquals(1000, options.submissions());
        assertEquals(OptionalLong.of(42), options.pid());
        assertEquals(8, options.connections());
        assertEquals(30, options.drainSeconds());
    }

    @Test
    void refusesRemoteHostsMissingKeysAndUnboundedRuns() {
        Map<String, String> key = Map.of("JOBLINE_API_KEY", "jl_x");
        assertThrows(BenchOptions.UsageException.class,
                () -> SustainedLoadOptions.parse(List.of("--url", "https://jobs.example.com"), key));
        assertThrows(BenchOptions.UsageException.class, () -> SustainedLoadOptions.parse(List.of(), Map.of()));
        assertThrows(BenchOptions.UsageException.class, () -> SustainedLoadOptions.parse(
                List.of("--rate", "5000", "--duration-seconds", "3600"), key));
    }

    @Test
    void sumsJobQueuesApartFromDeadLetters() throws Exception {
        String body = """
                {"jobs":{"byStatus":{"queued":3,"running":1,"retrying":0,"succeeded":10,"failed":2,"cancelled":1},
                 "byType":{}},
                 "queues":{"jobs":{"visible":4,"inFlight":2,"delayed":1},"jobs-dlq":{"visible":2,"inFlight":0,"delayed":0},
                           "jobs-high":{"visible":1,"inFlight":0,"delayed":0},
                           "jobs-high-dlq":{"visible":0,"inFlight":0,"delayed":0}}}""";
        StatsClient.Sample sample = StatsClient.parse(new ObjectMapper().readTree(body));
        assertEquals(8, sample.queueDepth());
        assertEquals(2, sample.deadLetters());
        assertEquals(12, sample.finished());
    }

    @Test
    void queueDepthIsUnknownWhenQueuesAreNull() throws Exception {
        StatsClient.Sample sample = StatsClient.parse(
                new ObjectMapper().readTree("{\"jobs\":{\"byStatus\":{\"succeeded\":1}},\"queues\":null}"));
        assertEquals(-1, sample.queueDepth());
    }

    @Test
    void readsVmRss() {
        String status = "Name:\tjava\nVmPeak:\t 9999 kB\nVmRSS:\t  461236 kB\nThreads:\t80\n";
        assertEquals(OptionalLong.of(461236), ProcessMemory.parseVmRssKib(status));
        assertTrue(ProcessMemory.parseVmRssKib("Name:\tkthread\n").isEmpty());
    }
}
