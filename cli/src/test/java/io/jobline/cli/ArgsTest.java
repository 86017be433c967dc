package io.jobline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ArgsTest {

    private static Args parse(Map<String, String> env, String... argv) throws UsageException {
        return Args.parse(argv, env);
    }

    private static Args parse(String... argv) throws UsageException {
        return parse(Map.of(), argv);
    }

    @Test
    void defaultsComeFromTheEnvironmentThenTheLocalRunner() throws UsageException {
        Args plain = parse("stats");
        assertEquals("http://127.0.0.1:3000", plain.url());
        assertEquals(Optional.empty(), plain.apiKey());
        assertFalse(plain.json());

        Args fromEnv = parse(Map.of("JOBLINE_URL", "https://jobs.example.com", "JOBLINE_API_KEY", "k1"), "stats");
        assertEquals("https://jobs.example.com", fromEnv.url());
        assertEquals(Optional.of("k1"), fromEnv.apiKey());
    }

    @Test
    void flagsWinOverTheEnvironmentAndGoAnywhere() throws UsageException {
        Args args = parse(Map.of("JOBLINE_URL", "https://env.example.com", "JOBLINE_API_KEY", "env"),
                "failed", "--url=http://localhost:9000", "--type", "email.send", "--api-key", "flag", "--json",
                "--limit", "5");
        assertEquals("http://localhost:9000", args.url());
        assertEquals(Optional.of("flag"), args.apiKey());
        assertTrue(args.json());
        assertEquals("failed", args.command());
        assertEquals(Optional.of("email.send"), args.option("type"));
        assertEquals(Optional.of("5"), args.option("limit"));
    }

    @Test
    void globalOptionsMayComeBeforeTheCommand() throws UsageException {
        Args args = parse("--json", "--url", "http://h:1", "watch", "019a");
        assertEquals("watch", args.command());
        assertEquals(List.of("019a"), args.positionals());
        assertTrue(args.json());
    }

    @Test
    void retryTakesAnIdOrFailedWithFilters() throws UsageException {
        Args one = parse("retry", "019a");
        assertEquals(List.of("019a"), one.positionals());
        assertFalse(one.flag("failed"));

        Args bulk = parse("retry", "--failed", "--type", "email.send", "--error-contains", "time out");
        assertTrue(bulk.flag("failed"));
        assertEquals(Optional.of("time out"), bulk.option("error-contains"));

        assertThrows(UsageException.class, () -> parse("retry"));
        assertThrows(UsageException.class, () -> parse("retry", "019a", "--failed"));
        assertThrows(UsageException.class, () -> parse("retry", "019a", "--type", "email.send"));
    }

    @Test
    void statsFollowTakesACount() throws UsageException {
        Args args = parse("stats", "--follow", "--count", "3");
        assertTrue(args.flag("follow"));
        assertEquals(Optional.of("3"), args.option("count"));
        assertThrows(UsageException.class, () -> parse("stats", "--count", "3"));
        assertThrows(UsageException.class, () -> parse("stats", "--follow", "--count", "0"));
    }

    @Test
    void badUsageIsRefused() {
        assertThrows(UsageException.class, () -> parse());
        assertThrows(UsageException.class, () -> parse("launch"));
        assertThrows(UsageException.class, () -> parse("submit"));
        assertThrows(UsageException.class, () -> parse("submit", "a.json", "b.json"));
        assertThrows(UsageException.class, () -> parse("watch", "--follow", "019a"));
        assertThrows(UsageException.class, () -> parse("failed", "--limit", "ten"));
        assertThrows(UsageException.class, () -> parse("failed", "--limit"));
        assertThrows(UsageException.class, () -> parse("failed", "--type", "a", "--type", "b"));
        assertThrows(UsageException.class, () -> parse("stats", "--json=yes"));
        assertThrows(UsageException.class, () -> parse("stats", "--url", "ftp://example.com"));
        assertThrows(UsageException.class, () -> parse("stats", "--url", "not a url"));
    }

    @Test
    void doubleDashEndsOptions() throws UsageException {
        assertEquals(List.of("--odd-name.json"), parse("submit", "--", "--odd-name.json").positionals());
    }

    @Test
    void badUsageExitsWith64AndPrintsTheUsage() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Jobline.run(new String[] {"frobnicate"}, Map.of(), new PrintStream(out), new PrintStream(err));
        assertEquals(64, code);
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("unknown command: frobnicate"), text);
        assertTrue(text.contains("Usage: jobline"), text);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpPrintsTheUsageAndSucceeds() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Jobline.run(new String[] {"--help"}, Map.of(), new PrintStream(out), System.err);
        assertEquals(0, code);
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("Usage: jobline"));
    }

    @Test
    void anUnreadableJobFileExitsWith66() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Jobline.run(new String[] {"submit", "/nonexistent/job.json"}, Map.of(), System.out,
                new PrintStream(err));
        assertEquals(66, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("cannot read /nonexistent/job.json"));
    }

    @Test
    void anUnreachableApiIsAnApiErrorWithExit2() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // Port 9 (discard) on loopback: nothing listens there.
        int code = Jobline.run(new String[] {"--url", "http://127.0.0.1:9", "stats"}, Map.of(), System.out,
                new PrintStream(err));
        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("connection_failed"), err.toString());
    }
}
