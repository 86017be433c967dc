package io.jobline.bench;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** The benchmark's command line, parsed and validated once. */
record BenchOptions(
        URI url,
        String apiKey,
        int jobs,
        int concurrency,
        OptionalLong pid,
        Duration timeout,
        String to,
        int warmup,
        boolean help) {

    static final String API_KEY_ENV = "JOBLINE_API_KEY";

    /** Latencies are kept exactly, one long each; this keeps that array and the id list small. */
    static final int MAX_JOBS = 1_000_000;

    static final String USAGE =
            """
            usage: SubmitBenchmark --api-key KEY [options]
              --url URL              Jobline base URL (default http://127.0.0.1:3000)
              --api-key KEY          API key; or set JOBLINE_API_KEY
              -n N                   jobs to submit and time (default 5000)
              -c C                   concurrent connections (default 32)
              --pid PID              Jobline process whose CPU to measure
                                     (default: the local java process running io.jobline.local.LocalJobline)
              --timeout-seconds S    bound on the whole run (default 300)
              --to ADDRESS           recipient of the benchmark emails (default bench@example.com)
              --warmup N             submits before timing starts, not counted (default 200)""";

    /** Parses {@code args}; {@code env} supplies the API key when {@code --api-key} is absent. */
    static BenchOptions parse(List<String> args, Map<String, String> env) {
        String url = "http://127.0.0.1:3000";
        String apiKey = env.get(API_KEY_ENV);
        int jobs = 5000;
        int concurrency = 32;
        OptionalLong pid = OptionalLong.empty();
        long timeoutSeconds = 300;
        String to = "bench@example.com";
        int warmup = 200;

        for (CommandLine.Option option : CommandLine.of(args)) {
            if (option.isHelp()) {
                return new BenchOptions(
                        URI.create(url), "", jobs, concurrency, pid, Duration.ZERO, to, warmup, true);
            }
            switch (option.name()) {
                case "--url" -> url = option.value();
                case "--api-key" -> apiKey = option.value();
                case "-n" -> jobs = option.intIn(1, MAX_JOBS);
                case "-c" -> concurrency = option.intIn(1, 1024);
                case "--pid" -> pid = OptionalLong.of(option.intIn(1, Integer.MAX_VALUE));
                case "--timeout-seconds" -> timeoutSeconds = option.intIn(1, 86_400);
                case "--to" -> to = option.value();
                case "--warmup" -> warmup = option.intIn(0, MAX_JOBS);
                default -> throw option.unknown();
            }
        }

        if (apiKey == null || apiKey.isBlank()) {
            throw new UsageException("an API key is required: pass --api-key or set " + API_KEY_ENV);
        }
        if (to.isBlank()) {
            throw new UsageException("--to must not be blank");
        }
        return new BenchOptions(
                baseUrl(url), apiKey, jobs, concurrency, pid, Duration.ofSeconds(timeoutSeconds), to, warmup, false);
    }

    private static URI baseUrl(String url) {
        String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        try {
            URI uri = new URI(trimmed);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new UsageException("--url must be an http(s) URL with a host, got " + url);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new UsageException("--url is not a valid URL: " + e.getMessage());
        }
    }

    /** A command line the benchmark cannot run with; the message says which option and why. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
