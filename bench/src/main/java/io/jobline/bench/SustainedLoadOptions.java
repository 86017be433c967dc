package io.jobline.bench;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** The command line of {@link SustainedLoad}, parsed and validated once. */
record SustainedLoadOptions(
        URI url,
        String apiKey,
        int rate,
        int durationSeconds,
        OptionalLong pid,
        int reportEverySeconds,
        int connections,
        int drainSeconds,
        String to,
        boolean help) {

    /** Latencies are kept exactly, one long each, so the number of submissions in one run is bounded. */
    static final long MAX_SUBMISSIONS = 1_000_000;

    static final String USAGE =
            """
            usage: SustainedLoad --api-key KEY [options]
              --url URL                   Jobline base URL (default http://127.0.0.1:3000; loopback hosts only)
              --api-key KEY               API key; or set JOBLINE_API_KEY
              --rate R                    submissions per second, paced open-loop (default 200)
              --duration-seconds S        how long to submit (default 300); rate x duration <= 1,000,000
              --pid PID                   Jobline process whose memory and CPU to report
                                          (default: the local java process running io.jobline.local.LocalJobline)
              --report-every-seconds S    one progress line every S seconds (default 10)
              --connections C             bound on concurrent submits, hence connections (default 64)
              --drain-seconds S           bound on the wait for the queues to empty afterwards (default 120)
              --to ADDRESS                recipient of the emails (default bench@example.com)""";

    static SustainedLoadOptions parse(List<String> args, Map<String, String> env) {
        String url = "http://127.0.0.1:3000";
        String apiKey = env.get(BenchOptions.API_KEY_ENV);
        int rate = 200;
        int durationSeconds = 300;
        OptionalLong pid = OptionalLong.empty();
        int reportEvery = 10;
        int connections = 64;
        int drainSeconds = 120;
        String to = "bench@example.com";

        for (CommandLine.Option option : CommandLine.of(args)) {
            if (option.isHelp()) {
                return new SustainedLoadOptions(URI.create(url), "", rate, durationSeconds, pid, reportEvery,
                        connections, drainSeconds, to, true);
            }
            switch (option.name()) {
                case "--url" -> url = option.value();
                case "--api-key" -> apiKey = option.value();
                case "--rate" -> rate = option.intIn(1, 5_000);
                case "--duration-seconds" -> durationSeconds = option.intIn(1, 3_600);
                case "--pid" -> pid = OptionalLong.of(option.intIn(1, Integer.MAX_VALUE));
                case "--report-every-seconds" -> reportEvery = option.intIn(1, 3_600);
                case "--connections" -> connections = option.intIn(1, 512);
                case "--drain-seconds" -> drainSeconds = option.intIn(0, 3_600);
                case "--to" -> to = option.value();
                default -> throw option.unknown();
            }
        }
        if (apiKey == null || apiKey.isBlank()) {
            throw new BenchOptions.UsageException(
                    "an API key is required: pass --api-key or set " + BenchOptions.API_KEY_ENV);
        }
        if ((long) rate * durationSeconds > MAX_SUBMISSIONS) {
            throw new BenchOptions.UsageException("rate x duration must be at most " + MAX_SUBMISSIONS + ", got "
                    + (long) rate * durationSeconds);
        }
        if (to.isBlank()) {
            throw new BenchOptions.UsageException("--to must not be blank");
        }
        return new SustainedLoadOptions(loopbackUrl(url), apiKey, rate, durationSeconds, pid, reportEvery,
                connections, drainSeconds, to, false);
    }

    long submissions() {
        return (long) rate * durationSeconds;
    }

    /** The URL without a trailing slash; only loopback hosts, since this program is a load generator. */
    private static URI loopbackUrl(String url) {
        String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new BenchOptions.UsageException("--url is not a valid URL: " + e.getMessage());
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new BenchOptions.UsageException("--url must be an http(s) URL with a host, got " + url);
        }
        String host = uri.getHost();
        if (!(host.equals("localhost") || host.equals("[::1]") || host.equals("::1") || host.startsWith("127."))) {
            throw new BenchOptions.UsageException("--url must point at this machine (127.x, localhost or [::1]): "
                    + "a sustained load is not sent over a network, got " + url);
        }
        return uri;
    }
}
