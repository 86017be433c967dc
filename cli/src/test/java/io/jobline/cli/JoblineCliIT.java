package io.jobline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobline.local.LocalJobline;
import io.jobline.local.LocalSettings;
import io.jobline.tenant.ApiKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code jobline} commands, run in-process against the whole system on embedded services. */
class JoblineCliIT {

    private static final Duration WATCH_TIMEOUT = Duration.ofSeconds(90);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static LocalJobline jobline;
    private static Map<String, String> env;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        jobline = LocalJobline.start(LocalSettings.forTests());
        ApiKey key = jobline.issueKey("cli-" + UUID.randomUUID());
        env = Map.of("JOBLINE_URL", jobline.url().toString(), "JOBLINE_API_KEY", key.secret());
    }

    @AfterAll
    static void stop() {
        if (jobline != null) {
            jobline.close();
        }
    }

    private record Run(int code, String out, String err) {
        String describe() {
            return "exit " + code + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    private static Run jobline(Map<String, String> environment, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = assertTimeoutPreemptively(WATCH_TIMEOUT, () -> Jobline.run(args, environment,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Run jobline(String... args) {
        return jobline(env, args);
    }

    private Path jobFile(String to) throws IOException {
        Path file = dir.resolve(UUID.randomUUID() + ".json");
        Files.writeString(file, """
                {"type":"email.send","payload":{"to":["%s"],"subject":"From the CLI","text":"Hello"},"maxAttempts":2}
                """.formatted(to));
        return file;
    }

    private String submitted(String to) throws IOException {
        Run run = jobline("submit", jobFile(to).toString());
        assertEquals(0, run.code(), run.describe());
        String[] words = run.out().strip().split("\\s+");
        assertEquals(2, words.length, run.describe());
        assertEquals("queued", words[1], run.describe());
        return words[0];
    }

    private static String address(String name) {
        return name + "+" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    @Test
    void submitThenWatchToSuccess() throws IOException {
        String id = submitted(address("ada"));

        Run watch = jobline("watch", id);
        assertEquals(0, watch.code(), watch.describe());
        assertTrue(watch.out().startsWith(id + "  "), watch.describe());
        assertTrue(watch.out().stripTrailing().endsWith("succeeded  attempt 1/2"), watch.describe());
        assertTrue(watch.out().endsWith("\n"), watch.describe());

        Run json = jobline("--json", "watch", id);
        assertEquals(0, json.code(), json.describe());
        JsonNode job = MAPPER.readTree(json.out());
        assertEquals("succeeded", job.get("status").textValue());
        assertTrue(job.get("result").hasNonNull("messageId"), json.out());

        // A succeeded job is not retryable: the API's error, on stderr, exit 2.
        Run retry = jobline("retry", id);
        assertEquals(2, retry.code(), retry.describe());
        assertTrue(retry.err().contains("job_not_retryable"), retry.describe());
    }

    @Test
    void aFailedJobIsListedAndRetried() throws IOException {
        String id = submitted("nobody@nowhere.invalid");

        Run watch = jobline("watch", id);
        assertEquals(1, watch.code(), watch.describe());
        assertTrue(watch.out().contains("failed"), watch.describe());
        assertTrue(watch.err().startsWith("jobline: job failed: "), watch.describe());

        Run failed = jobline("failed", "--type", "email.send", "--limit", "200");
        assertEquals(0, failed.code(), failed.describe());
        List<String> lines = failed.out().lines().toList();
        assertTrue(lines.get(0).matches("ID\\s+TYPE\\s+FINISHED\\s+ATTEMPTS\\s+ERROR"), failed.describe());
        assertTrue(lines.stream().anyMatch(line -> line.startsWith(id + "  email.send  ")), failed.describe());

        Run failedJson = jobline("failed", "--json");
        assertEquals(0, failedJson.code(), failedJson.describe());
        List<String> ids = new ArrayList<>();
        MAPPER.readTree(failedJson.out()).get("jobs").forEach(job -> ids.add(job.get("id").textValue()));
        assertTrue(ids.contains(id), failedJson.describe());

        Run none = jobline("retry", "--failed", "--error-contains", "no such error text " + UUID.randomUUID());
        assertEquals(0, none.code(), none.describe());
        assertEquals("Retried 0 jobs.\n", none.out());

        Run retry = jobline("retry", "--failed", "--type", "email.send");
        assertEquals(0, retry.code(), retry.describe());
        assertTrue(retry.out().startsWith("Retried "), retry.describe());
        assertTrue(retry.out().lines().anyMatch(line -> line.equals("  " + id)), retry.describe());

        // Retried, it runs again and fails again: the address still does not exist.
        Run again = jobline("watch", id);
        assertEquals(1, again.code(), again.describe());

        Run single = jobline("--json", "retry", id);
        assertEquals(0, single.code(), single.describe());
        assertEquals("queued", MAPPER.readTree(single.out()).get("status").textValue(), single.describe());
    }

    @Test
    void statsAsJsonAndAsTables() throws IOException {
        String id = submitted(address("stats"));
        assertEquals(0, jobline("watch", id).code());

        Run json = jobline("stats", "--json");
        assertEquals(0, json.code(), json.describe());
        JsonNode stats = MAPPER.readTree(json.out());
        assertTrue(stats.at("/jobs/byStatus/succeeded").asInt() >= 1, json.out());
        assertTrue(stats.at("/jobs/byType/email.send").asInt() >= 1, json.out());
        assertTrue(stats.get("queues").isObject(), json.out());

        Run tables = jobline("stats");
        assertEquals(0, tables.code(), tables.describe());
        assertTrue(tables.out().startsWith("STATUS"), tables.describe());
        assertTrue(tables.out().contains("QUEUE"), tables.describe());

        Run follow = jobline("stats", "--follow", "--count", "2", "--json");
        assertEquals(0, follow.code(), follow.describe());
        List<String> lines = follow.out().lines().toList();
        assertEquals(2, lines.size(), follow.describe());
        for (String line : lines) {
            assertTrue(MAPPER.readTree(line).has("jobs"), line);
        }
    }

    @Test
    void apiErrorsGoToStderrWithExit2() throws IOException {
        Path invalid = dir.resolve("invalid.json");
        Files.writeString(invalid, "{\"type\":\"email.send\",\"payload\":{\"to\":[\"nope\"],\"subject\":\"s\",\"text\":\"t\"}}");
        Run run = jobline("submit", invalid.toString());
        assertEquals(2, run.code(), run.describe());
        assertTrue(run.err().startsWith("jobline: invalid_field: "), run.describe());
        assertTrue(run.err().contains("payload.to[0]"), run.describe());
        assertEquals("", run.out());

        Run unknown = jobline("watch", "019a0000-0000-7000-8000-000000000000");
        assertEquals(2, unknown.code(), unknown.describe());
        assertTrue(unknown.err().contains("job_not_found"), unknown.describe());

        Run noKey = jobline(Map.of("JOBLINE_URL", jobline.url().toString()), "stats");
        assertEquals(2, noKey.code(), noKey.describe());
        assertTrue(noKey.err().contains("unauthorized") && noKey.err().contains("--api-key"), noKey.describe());

        Run wrongKey = jobline("--api-key", "not-a-key", "failed");
        assertEquals(2, wrongKey.code(), wrongKey.describe());
        assertTrue(wrongKey.err().contains("unauthorized"), wrongKey.describe());
    }
}
