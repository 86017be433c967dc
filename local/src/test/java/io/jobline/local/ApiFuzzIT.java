package io.jobline.local;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobline.Json;
import io.jobline.queue.QueueDepths;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Fuzzes the HTTP API of a running local Jobline with at least 10,000 hostile requests (see {@link HostileRequests})
 * and checks every answer: never a 5xx, never a stack trace, errors always of the documented shape.
 *
 * <p>First the rejected phase: requests built to be refused, from a tenant with no jobs; afterwards the database and
 * the queues must be exactly as before. Then the accepted phase: valid jobs and schedules carrying the same hostile
 * text where free text is allowed; every accepted one is accounted for and must be stored and answered verbatim.
 *
 * <p>Reproduce a run with {@code -Dfuzz.seed=<seed>} (printed at the start); {@code -Dfuzz.requests=<n>} changes the
 * total.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiFuzzIT {

    private static final int TOTAL_REQUESTS = Integer.getInteger("fuzz.requests", 10_000);
    private static final int ACCEPTED_REQUESTS = Math.min(400, TOTAL_REQUESTS / 25);
    private static final int REJECTED_REQUESTS = TOTAL_REQUESTS - ACCEPTED_REQUESTS;
    private static final int THREADS = 4;
    private static final Duration FINISH_TIMEOUT = Duration.ofSeconds(60);

    private static final long SEED = Long.getLong("fuzz.seed", new SecureRandom().nextLong());
    private static final Map<Integer, LongAdder> STATUSES = new ConcurrentSkipListMap<>();
    private static final Map<String, Duration> PHASE_TIMES = new LinkedHashMap<>();

    private static LocalJobline jobline;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        System.out.println("fuzz: seed=" + SEED + " (rerun with -Dfuzz.seed=" + SEED + ")");
        // No sweep during the run: it would fire the accepted phase's schedules and blur the accounting.
        jobline = LocalJobline.start(LocalSettings.fromEnv(Map.of(LocalSettings.PORT, "0",
                LocalSettings.SWEEP_SECONDS, "86400")));
        http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @AfterAll
    static void stop() {
        long total = STATUSES.values().stream().mapToLong(LongAdder::sum).sum();
        String counts = STATUSES.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue().sum())
                .collect(Collectors.joining(" "));
        String times = PHASE_TIMES.entrySet().stream()
                .map(entry -> entry.getKey() + "_s=" + String.format("%.1f", entry.getValue().toMillis() / 1000.0))
                .collect(Collectors.joining(" "));
        System.out.println("fuzz: requests=" + total + " seed=" + SEED + " " + counts + " " + times);
        http.close();
        jobline.close();
    }

    @Test
    @Order(1)
    void rejectedRequestsAreAnsweredCleanlyAndChangeNothing() {
        var apiKey = jobline.issueKey("fuzz-rejected-" + SEED);
        LiftedQuotas.lift(jobline, apiKey);
        String key = apiKey.secret();
        HostileRequests requests = new HostileRequests(SEED, key);
        Snapshot before = snapshot();

        Run run = run("rejected", REJECTED_REQUESTS, requests::rejected, null);

        Snapshot after = snapshot();
        List<String> violations = new ArrayList<>(run.violations());
        if (!before.equals(after)) {
            violations.add(0, "the rejected requests changed the database or the queues: before " + before
                    + ", after " + after + " <- the whole phase");
        }
        report(violations);
    }

    @Test
    @Order(2)
    void hostileTextInValidRequestsIsStoredVerbatimAndAccountedFor() {
        var apiKey = jobline.issueKey("fuzz-accepted-" + SEED);
        LiftedQuotas.lift(jobline, apiKey);
        String key = apiKey.secret();
        HostileRequests requests = new HostileRequests(SEED, key);
        Snapshot before = snapshot();
        // Counted for this tenant alone: whatever the rejected phase let through may still be creating jobs.
        long jobsBefore = countOwned("jobs", apiKey);
        long schedulesBefore = countOwned("schedules", apiKey);
        ConcurrentLinkedQueue<Accepted> accepted = new ConcurrentLinkedQueue<>();

        Run run = run("accepted", ACCEPTED_REQUESTS, requests::acceptable, accepted);

        Instant started = Instant.now();
        List<String> violations = new ArrayList<>(run.violations());
        long jobs = 0;
        long schedules = 0;
        List<String[]> jobIdsAndCases = new ArrayList<>();
        Map<String, JsonNode> expectedPayloads = new ConcurrentHashMap<>();
        for (Accepted answer : accepted) {
            FuzzRequest request = answer.request();
            if (answer.json() == null) {
                continue; // reported by the run as "the body is not JSON"
            }
            switch (request.path()) {
                case "/jobs" -> {
                    if (answer.status() == 202) {
                        jobs++;
                    }
                    String id = answer.json().get("id").textValue();
                    expectedPayloads.put(id, request.sentJson().get("payload"));
                    jobIdsAndCases.add(new String[] {id, request.describe()});
                    checkPayload(violations, request, answer.json().get("payload"), request.sentJson().get("payload"),
                            "the 202 answer");
                }
                case "/jobs/batch" -> {
                    JsonNode answered = answer.json().get("jobs");
                    jobs += answered.size();
                    for (int i = 0; i < answered.size(); i++) {
                        String id = answered.get(i).get("id").textValue();
                        JsonNode sent = request.sentJson().get("jobs").get(i).get("payload");
                        expectedPayloads.put(id, sent);
                        jobIdsAndCases.add(new String[] {id, request.describe()});
                        checkPayload(violations, request, answered.get(i).get("payload"), sent, "the 202 answer");
                    }
                }
                default -> {
                    schedules++;
                    String name = request.sentJson().get("name").textValue();
                    JoblineClient.Response read = client().send(HttpRequest.newBuilder(
                            jobline.url().resolve("/schedules/" + name)).header("Authorization", "Bearer " + key));
                    checkPayload(violations, request, read.json().at("/job/payload"),
                            request.sentJson().at("/job/payload"), "GET /schedules/{name} (" + name + ")");
                }
            }
        }
        long jobsStored = countOwned("jobs", apiKey) - jobsBefore;
        long schedulesStored = countOwned("schedules", apiKey) - schedulesBefore;
        if (jobsStored != jobs || schedulesStored != schedules) {
            violations.add(0, "the accepted phase stored " + jobsStored + " jobs and " + schedulesStored
                    + " schedules, but answered 2xx for " + jobs + " jobs and " + schedules + " schedules <- the"
                    + " whole phase");
        }

        Map<String, Integer> outcomes = new TreeMap<>();
        for (String[] idAndCase : jobIdsAndCases) {
            JoblineClient.Response finished = client().awaitFinished(key, idAndCase[0], FINISH_TIMEOUT);
            String status = finished.json() == null ? "status " + finished.status()
                    : finished.json().path("status").asText();
            outcomes.merge(status, 1, Integer::sum);
            if (!"succeeded".equals(status)) {
                violations.add("an accepted job ended " + status + " <- job " + idAndCase[0] + " ("
                        + (finished.json() == null ? "" : finished.json().path("error").asText()) + ") for "
                        + idAndCase[1]);
            }
            checkPayload(violations, null, finished.json() == null ? null : finished.json().get("payload"),
                    expectedPayloads.get(idAndCase[0]), "GET /jobs/{id} (" + idAndCase[0] + ")");
        }
        if (before.queues().values().stream().allMatch(depth -> depth == 0)) {
            // Only when the rejected phase left the queues empty, as it must: otherwise its leaks are still queued.
            awaitQueuesEmpty(violations);
        }
        PHASE_TIMES.put("accepted_wait", Duration.between(started, Instant.now()));
        System.out.println("fuzz: accepted phase stored " + jobs + " jobs and " + schedules + " schedules; job outcomes "
                + outcomes);
        report(violations);
    }

    // ------------------------------------------------------------------------------------------------------------

    private record Run(List<String> violations) {}

    private record Accepted(FuzzRequest request, int status, JsonNode json) {}

    private record Answer(int status, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .flatMap(entry -> entry.getValue().stream())
                    .findFirst()
                    .orElse(null);
        }
    }

    /** Sends {@code count} requests from {@code generator} over {@link #THREADS} connections; checks every answer. */
    private static Run run(String phase, int count, IntFunction<FuzzRequest> generator,
            ConcurrentLinkedQueue<Accepted> accepted) {
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger();
        Map<Integer, LongAdder> statuses = new ConcurrentSkipListMap<>();
        Instant started = Instant.now();
        try (ExecutorService senders = Executors.newFixedThreadPool(THREADS)) {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                workers.add(senders.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        FuzzRequest request = generator.apply(i);
                        Answer answer;
                        try {
                            answer = send(request);
                        } catch (IOException | RuntimeException e) {
                            violations.add("no answer (" + e + ") to " + request.describe());
                            continue;
                        }
                        statuses.computeIfAbsent(answer.status(), s -> new LongAdder()).increment();
                        STATUSES.computeIfAbsent(answer.status(), s -> new LongAdder()).increment();
                        violations.addAll(check(request, answer, accepted == null));
                        if (accepted != null && answer.status() >= 200 && answer.status() < 300) {
                            accepted.add(new Accepted(request, answer.status(), parse(answer.body())));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("The fuzz run itself failed", e);
        }
        Duration took = Duration.between(started, Instant.now());
        PHASE_TIMES.put(phase, took);
        System.out.println("fuzz: phase=" + phase + " requests=" + count + " seed=" + SEED + " "
                + statuses.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().sum())
                        .collect(Collectors.joining(" "))
                + " in " + took.toMillis() + " ms");
        return new Run(List.copyOf(violations));
    }

    /** What is wrong with {@code answer} to {@code request}; empty when nothing is. */
    private static List<String> check(FuzzRequest request, Answer answer, boolean mustChangeNothing) {
        List<String> problems = new ArrayList<>();
        int status = answer.status();
        String body = new String(answer.body(), StandardCharsets.UTF_8);
        if (status >= 500) {
            problems.add("a " + status);
        } else if (status < 200) {
            problems.add("an informational " + status + " as final answer");
        } else if (status < 400) {
            if (!request.harmless() && !request.allowedStatuses().contains(status)) {
                problems.add(mustChangeNothing ? "accepted a request built to be refused: " + status
                        : "status " + status + " instead of one of " + request.allowedStatuses());
            }
        } else if (!request.allowedStatuses().isEmpty() && !request.allowedStatuses().contains(status)) {
            problems.add("status " + status + " instead of one of " + request.allowedStatuses());
        }
        for (String marker : HostileInput.STACK_TRACE_MARKERS) {
            if (body.contains(marker)) {
                problems.add("the body contains '" + marker.replace("\t", "\\t") + "'");
            }
        }
        if (!body.isEmpty() || (status >= 400 && !request.isHead())) {
            JsonNode json = parse(answer.body());
            if (json == null) {
                problems.add("the body is not JSON");
            } else if (status >= 400 && (!json.path("error").path("code").isTextual()
                    || json.path("error").path("code").textValue().isEmpty()
                    || !json.path("error").path("message").isTextual())) {
                problems.add("the error is not {\"error\":{\"code\",\"message\"}}");
            } else if (mustChangeNothing && status == 202 && request.path().startsWith("/jobs/retry")
                    && json.path("retried").asInt(-1) != 0) {
                problems.add("a bulk retry for a tenant without jobs retried " + json.path("retried"));
            }
        }
        if (status == 405 && answer.header("Allow") == null) {
            problems.add("a 405 without Allow");
        }
        if (status == 401 && answer.header("WWW-Authenticate") == null) {
            problems.add("a 401 without WWW-Authenticate");
        }
        if (problems.isEmpty()) {
            return List.of();
        }
        String excerpt = body.length() > 400 ? body.substring(0, 400) + "..." : body;
        return List.of(String.join("; ", problems) + " [" + request.category() + "] <- " + request.describe() + " => "
                + status + " " + excerpt);
    }

    private static Answer send(FuzzRequest request) throws IOException {
        if (!request.raw()) {
            HttpRequest built = build(request);
            if (built != null) {
                try {
                    HttpResponse<byte[]> response = http.send(built, HttpResponse.BodyHandlers.ofByteArray());
                    return new Answer(response.statusCode(), response.headers().map(), response.body());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        RawHttp.Answer answer =
                RawHttp.send(jobline.url().getPort(), request.method(), request.path(), request.headers(),
                        request.body());
        return new Answer(answer.status(), answer.headers(), answer.body());
    }

    /** The request for {@link HttpClient}, or null when it refuses to send it (then it goes over a plain socket). */
    private static HttpRequest build(FuzzRequest request) {
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(jobline.url() + request.path()))
                    .timeout(Duration.ofSeconds(30))
                    .method(request.method(), request.body().length == 0
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(request.body()));
            for (FuzzRequest.Header header : request.headers()) {
                builder.header(header.name(), header.value());
            }
            return builder.build();
        } catch (IllegalArgumentException refused) {
            return null;
        }
    }

    private static JsonNode parse(byte[] body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static void checkPayload(List<String> violations, FuzzRequest request, JsonNode stored, JsonNode sent,
            String where) {
        if (sent != null && !sent.equals(stored)) {
            violations.add(where.replaceAll(" \\(.*\\)$", "") + " shows a payload other than the one sent <- " + where
                    + ": sent " + escape(sent) + ", got " + escape(stored)
                    + (request == null ? "" : " for " + request.describe()));
        }
    }

    private static String escape(JsonNode node) {
        if (node == null) {
            return "nothing";
        }
        StringBuilder text = new StringBuilder();
        node.toString().chars().forEach(c -> text.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c)
                : String.valueOf((char) c)));
        return text.length() > 300 ? text.substring(0, 300) + "..." : text.toString();
    }

    private static void report(List<String> violations) {
        if (violations.isEmpty()) {
            return;
        }
        Map<String, List<String>> byKind = violations.stream().collect(Collectors.groupingBy(
                violation -> violation.substring(0, Math.max(0, violation.indexOf(" <- ")))
                        .replaceAll("\\d{5,}", "N"),
                TreeMap::new, Collectors.toList()));
        StringBuilder message = new StringBuilder(violations.size() + " answers are wrong (seed " + SEED + ")\n");
        byKind.forEach((kind, all) -> message.append("  ").append(all.size()).append(" x ").append(kind)
                .append("\n      e.g. ").append(all.getFirst().substring(all.getFirst().indexOf(" <- ") + 4))
                .append('\n'));
        System.out.println(message);
        fail(message.toString());
    }

    // ------------------------------------------------------------------------------------------------------------

    /** Everything a request could have changed: rows of every table, messages in every queue. */
    private record Snapshot(long jobs, long schedules, Map<String, Long> rows, Map<String, Long> queues) {}

    private static Snapshot snapshot() {
        Map<String, Long> rows = new TreeMap<>();
        for (String table : List.of("jobs", "job_attempts", "schedules", "schedule_occurrences", "tenants",
                "api_keys")) {
            rows.put(table, count("SELECT count(*) FROM " + table));
        }
        rows.put("callback secrets", count("SELECT count(*) FROM tenants WHERE callback_secret IS NOT NULL"));
        rows.put("job versions", count("SELECT coalesce(sum(version), 0) FROM jobs"));
        rows.put("schedule versions", count("SELECT coalesce(sum(version), 0) FROM schedules"));
        Map<String, Long> queues = new TreeMap<>();
        QueueDepthsOf.allQueues(jobline).forEach((queue, depths) -> queues.put(queue, QueueDepthsOf.total(depths)));
        return new Snapshot(rows.get("jobs"), rows.get("schedules"), rows, queues);
    }

    /** Rows of {@code table} that belong to the tenant of {@code key}. */
    private static long countOwned(String table, io.jobline.tenant.ApiKey key) {
        try (Connection connection = jobline.dataSource().getConnection();
                var query = connection.prepareStatement("SELECT count(*) FROM " + table
                        + " WHERE tenant_id = (SELECT tenant_id FROM api_keys WHERE key_hash = ?)")) {
            query.setBytes(1, key.hash());
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(String sql) {
        try (Connection connection = jobline.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitQueuesEmpty(List<String> violations) {
        Instant deadline = Instant.now().plus(FINISH_TIMEOUT);
        while (QueueDepthsOf.jobMessages(jobline) > 0 && Instant.now().isBefore(deadline)) {
            JoblineClient.pause(Duration.ofMillis(100));
        }
        Map<String, QueueDepths> depths = QueueDepthsOf.allQueues(jobline);
        long left = QueueDepthsOf.total(depths.get("jobs")) + QueueDepthsOf.total(depths.get("jobs-high"));
        long dead = QueueDepthsOf.total(depths.get("jobs-dlq")) + QueueDepthsOf.total(depths.get("jobs-high-dlq"));
        if (left + dead > 0) {
            violations.add(left + " messages still queued and " + dead + " dead-lettered after every accepted job"
                    + " finished <- the whole phase");
        }
    }

    private static JoblineClient client() {
        return new JoblineClient(jobline.url());
    }
}
