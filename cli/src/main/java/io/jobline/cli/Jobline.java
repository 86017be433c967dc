package io.jobline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code jobline} command: submit a job from a JSON file, watch it finish, list and retry failed jobs, and show
 * the stats, over the HTTP API. {@link #run} is the whole program with its environment and streams passed in, so
 * tests run it in-process; {@link #main} wires it to the JVM's.
 *
 * <p>Exit codes: 0 done, 1 a watched job failed or was cancelled, 2 the API answered an error (or could not be
 * reached), 64 bad usage, 66 the job file cannot be read.
 */
public final class Jobline {

    static final int OK = 0;
    static final int JOB_FAILED = 1;
    static final int API_ERROR = 2;
    static final int USAGE = 64;
    static final int NO_INPUT = 66;

    static final String USAGE_TEXT = """
            Usage: jobline [--url URL] [--api-key KEY] [--json] COMMAND [ARGS]

            Commands:
              submit FILE.json                      submit the job in FILE.json (POST /jobs); prints its id and status
              watch ID                              follow a job until it finishes; exits 0 succeeded, 1 failed or cancelled
              failed [--type T] [--limit N]         list failed jobs, newest first
              retry ID                              queue a failed or cancelled job again
              retry --failed [--type T] [--error-contains TEXT] [--limit N]
                                                    queue every failed job that matches again
              stats [--follow [--count N]]          jobs per status and type, queue depths; --follow refreshes every 2 s
              help                                  this text

            Options:
              --url URL       the API (default: $JOBLINE_URL, else http://127.0.0.1:3000)
              --api-key KEY   the tenant's API key (default: $JOBLINE_API_KEY)
              --json          print the API's JSON instead of tables

            Exit codes: 0 ok, 1 watched job failed or cancelled, 2 API error, 64 bad usage, 66 unreadable file.
            """;

    private static final Set<String> FINISHED = Set.of("succeeded", "failed", "cancelled");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final int ERROR_WIDTH = 60;

    private final PrintStream out;
    private final PrintStream err;
    private final java.net.http.HttpClient http;
    private final Duration watchInterval;
    private final Duration followInterval;

    Jobline(PrintStream out, PrintStream err, java.net.http.HttpClient http, Duration watchInterval,
            Duration followInterval) {
        this.out = out;
        this.err = err;
        this.http = http;
        this.watchInterval = watchInterval;
        this.followInterval = followInterval;
    }

    public static void main(String[] args) {
        int code = run(args, System.getenv(), System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /** Runs one command line and returns its exit code. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .version(java.net.http.HttpClient.Version.HTTP_1_1)
                .build();
        return new Jobline(out, err, http, Duration.ofMillis(500), Duration.ofSeconds(2)).execute(args, env);
    }

    int execute(String[] argv, Map<String, String> env) {
        Args args;
        try {
            args = Args.parse(argv, env);
        } catch (UsageException e) {
            err.println("jobline: " + e.getMessage());
            err.println();
            err.print(USAGE_TEXT);
            err.flush();
            return USAGE;
        }
        if (args.command().equals("help")) {
            out.print(USAGE_TEXT);
            out.flush();
            return OK;
        }
        ApiClient api = new ApiClient(http, args.url(), args.apiKey());
        try {
            return switch (args.command()) {
                case "submit" -> submit(api, args);
                case "watch" -> watch(api, args);
                case "failed" -> failed(api, args);
                case "retry" -> retry(api, args);
                case "stats" -> stats(api, args);
                default -> throw new IllegalStateException(args.command());
            };
        } catch (ApiException e) {
            if (e.status() == 401 && args.apiKey().isEmpty()) {
                err.println("jobline: " + e.code() + ": " + e.getMessage()
                        + " (no API key: pass --api-key or set " + Args.ENV_API_KEY + ")");
            } else {
                err.println("jobline: " + e.code() + ": " + e.getMessage());
            }
            return API_ERROR;
        } catch (UsageException e) {
            err.println("jobline: " + e.getMessage());
            return USAGE;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int submit(ApiClient api, Args args) throws ApiException {
        Path file = Path.of(args.positionals().get(0));
        String body;
        try {
            body = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println("jobline: cannot read " + file + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
            return NO_INPUT;
        }
        ApiClient.Answer answer = api.post("/jobs", body);
        if (args.json()) {
            out.println(answer.body());
        } else {
            JsonNode job = answer.json();
            out.println(job.path("id").asText() + "  " + job.path("status").asText()
                    + (answer.status() == 200 ? "  (idempotent replay of an earlier submission)" : ""));
        }
        return OK;
    }

    private int watch(ApiClient api, Args args) throws ApiException {
        String path = "/jobs/" + ApiClient.pathSegment(args.positionals().get(0));
        String shown = null;
        while (true) {
            ApiClient.Answer answer = api.get(path, Map.of());
            JsonNode job = answer.json();
            String status = job.path("status").asText();
            boolean finished = FINISHED.contains(status);
            if (!args.json()) {
                String line = progressLine(job);
                if (!line.equals(shown)) {
                    // One line, rewritten in place: a carriage return, then spaces over what was longer.
                    int pad = shown == null ? 0 : Math.max(0, shown.length() - line.length());
                    out.print((shown == null ? "" : "\r") + line + " ".repeat(pad));
                    out.flush();
                    shown = line;
                }
            }
            if (finished) {
                if (args.json()) {
                    out.println(answer.body());
                } else {
                    out.println();
                }
                if (status.equals("succeeded")) {
                    return OK;
                }
                String error = job.path("error").isTextual() ? job.path("error").asText() : null;
                err.println("jobline: job " + status + (error == null ? "" : ": " + error));
                return JOB_FAILED;
            }
            try {
                Thread.sleep(watchInterval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                out.println();
                throw new ApiException(0, "interrupted", "stopped watching");
            }
        }
    }

    /** {@code 019a…  running  attempt 1/5  40% rendering}: what {@code watch} shows of a job. */
    static String progressLine(JsonNode job) {
        StringBuilder line = new StringBuilder();
        line.append(job.path("id").asText()).append("  ").append(job.path("status").asText());
        line.append("  attempt ").append(job.path("attempts").asInt()).append('/')
                .append(job.path("maxAttempts").asInt());
        JsonNode progress = job.get("progress");
        if (progress != null && progress.isObject()) {
            if (progress.hasNonNull("percent")) {
                line.append("  ").append(progress.get("percent").asInt()).append('%');
            }
            if (progress.hasNonNull("message") && !progress.get("message").asText().isEmpty()) {
                line.append("  ").append(Table.truncate(progress.get("message").asText(), ERROR_WIDTH));
            }
        }
        if (job.hasNonNull("nextAttemptAt") && "retrying".equals(job.path("status").asText())) {
            line.append("  next at ").append(job.get("nextAttemptAt").asText());
        }
        if (job.hasNonNull("lastError")) {
            line.append("  last error: ").append(Table.truncate(job.get("lastError").asText(), ERROR_WIDTH));
        }
        if (job.path("cancelRequested").asBoolean(false)) {
            line.append("  (cancel requested)");
        }
        return line.toString();
    }

    private int failed(ApiClient api, Args args) throws ApiException {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("status", "failed");
        args.option("type").ifPresent(type -> query.put("type", type));
        args.option("limit").ifPresent(limit -> query.put("limit", limit));
        ApiClient.Answer answer = api.get("/jobs", query);
        if (args.json()) {
            out.println(answer.body());
            return OK;
        }
        out.print(failedTable(answer.json()));
        return OK;
    }

    static String failedTable(JsonNode page) {
        Table table = new Table("ID", "TYPE", "FINISHED", "ATTEMPTS", "ERROR");
        for (JsonNode job : page.path("jobs")) {
            table.row(job.path("id").asText(), job.path("type").asText(), text(job.get("finishedAt")),
                    job.path("attempts").asInt() + "/" + job.path("maxAttempts").asInt(),
                    Table.truncate(text(job.get("error")), ERROR_WIDTH));
        }
        if (table.isEmpty()) {
            return "No failed jobs.\n";
        }
        String rendered = table.render();
        if (page.hasNonNull("nextCursor")) {
            rendered += "(more failed jobs: raise --limit, up to 200)\n";
        }
        return rendered;
    }

    private int retry(ApiClient api, Args args) throws ApiException {
        if (!args.flag("failed")) {
            String id = args.positionals().get(0);
            ApiClient.Answer answer = api.post("/jobs/" + ApiClient.pathSegment(id) + "/retry", null);
            if (args.json()) {
                out.println(answer.body());
            } else {
                out.println(answer.json().path("id").asText(id) + "  " + answer.json().path("status").asText());
            }
            return OK;
        }
        ObjectNode body = ApiClient.MAPPER.createObjectNode();
        args.option("type").ifPresent(type -> body.put("type", type));
        args.option("error-contains").ifPresent(text -> body.put("errorContains", text));
        args.intOption("limit").ifPresent(limit -> body.put("limit", limit));
        ApiClient.Answer answer = api.post("/jobs/retry", body.toString());
        if (args.json()) {
            out.println(answer.body());
            return OK;
        }
        int retried = answer.json().path("retried").asInt();
        out.println("Retried " + retried + (retried == 1 ? " job" : " jobs") + (retried == 0 ? "." : ":"));
        for (JsonNode id : answer.json().path("jobIds")) {
            out.println("  " + id.asText());
        }
        return OK;
    }

    private int stats(ApiClient api, Args args) throws ApiException, UsageException {
        if (!args.flag("follow")) {
            printStats(api.get("/stats", Map.of()), args.json(), false);
            return OK;
        }
        int count = args.intOption("count").orElse(Integer.MAX_VALUE);
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                try {
                    Thread.sleep(followInterval);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return OK;
                }
            }
            printStats(api.get("/stats", Map.of()), args.json(), true);
        }
        return OK;
    }

    private void printStats(ApiClient.Answer answer, boolean json, boolean stamped) {
        if (json) {
            out.println(answer.body());
        } else {
            if (stamped) {
                out.println("== " + LocalTime.now().format(CLOCK) + " ==");
            }
            out.print(statsTables(answer.json()));
        }
        out.flush();
    }

    static String statsTables(JsonNode stats) {
        StringBuilder out = new StringBuilder();
        Table byStatus = new Table("STATUS", "JOBS");
        long total = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = stats.path("jobs").path("byStatus").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            byStatus.row(entry.getKey(), entry.getValue().asLong());
            total += entry.getValue().asLong();
        }
        byStatus.row("total", total);
        out.append(byStatus.render()).append('\n');

        Table byType = new Table("TYPE", "JOBS");
        for (Iterator<Map.Entry<String, JsonNode>> it = stats.path("jobs").path("byType").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            byType.row(entry.getKey(), entry.getValue().asLong());
        }
        out.append(byType.isEmpty() ? "No jobs yet.\n" : byType.render()).append('\n');

        JsonNode queues = stats.get("queues");
        if (queues == null || !queues.isObject()) {
            out.append("Queue depths unavailable.\n");
        } else {
            Table depths = new Table("QUEUE", "VISIBLE", "IN FLIGHT", "DELAYED");
            for (Iterator<Map.Entry<String, JsonNode>> it = queues.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                JsonNode queue = entry.getValue();
                depths.row(entry.getKey(), queue.path("visible").asLong(), queue.path("inFlight").asLong(),
                        queue.path("delayed").asLong());
            }
            out.append(depths.render());
        }
        return out.toString();
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? "" : node.asText();
    }
}
