package io.jobline.local;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobline.JobId;
import io.jobline.TenantId;
import io.jobline.tenant.ApiKey;
import io.jobline.tenant.PostgresTenantStore;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Tenant isolation over every route. Alice has jobs in every state she can hold still (queued, scheduled, succeeded,
 * failed, cancelled), a schedule, idempotency keys and a callback secret; Mallory, another tenant, tries every route on
 * them. Every answer Mallory gets about Alice's job or schedule must be the answer about one that does not exist (same
 * status, code, message and headers, the id or name aside), the listings must not show Alice's, and after each test
 * Alice's rows are exactly as they were.
 */
class TenantIsolationIT {

    private static final Duration FINISH_TIMEOUT = Duration.ofSeconds(30);
    /** Headers that differ between any two answers. */
    private static final Set<String> VOLATILE_HEADERS =
            Set.of("date", "x-request-id", "apigw-requestid", "content-length", "retry-after");
    private static final String ALICE_SCHEDULE = "nightly-report";
    private static final String ALICE_CRON = "0 3 * * *";
    private static final String ALICE_KEY_OF_SUCCEEDED = "order-42";
    private static final String ALICE_KEY_OF_FAILED = "order-43";

    private static LocalJobline jobline;
    private static JoblineClient client;
    private static ApiKey alice;
    private static ApiKey mallory;
    private static TenantId aliceTenant;
    private static TenantId malloryTenant;
    /** Alice's jobs by the state they are held in. */
    private static final Map<String, String> aliceJobs = new LinkedHashMap<>();
    private static String aliceSucceededBody;
    private static String aliceSecret;
    private static List<String> aliceRows;

    @BeforeAll
    static void aliceHasJobsInEveryStateAScheduleAndASecret() {
        // No sweep: it would queue, re-queue or fire Alice's things while the test compares them.
        jobline = LocalJobline.start(LocalSettings.fromEnv(Map.of(LocalSettings.PORT, "0",
                LocalSettings.SWEEP_SECONDS, "86400")));
        client = new JoblineClient(jobline.url());
        alice = jobline.issueKey("alice-" + UUID.randomUUID());
        mallory = jobline.issueKey("mallory-" + UUID.randomUUID());
        LiftedQuotas.lift(jobline, alice);
        LiftedQuotas.lift(jobline, mallory);
        PostgresTenantStore tenants = new PostgresTenantStore(jobline.dataSource());
        aliceTenant = tenants.findTenantByKeyHash(alice.hash()).orElseThrow();
        malloryTenant = tenants.findTenantByKeyHash(mallory.hash()).orElseThrow();

        aliceSucceededBody = email("alice@example.com", "");
        String succeeded = submit(alice, aliceSucceededBody, ALICE_KEY_OF_SUCCEEDED);
        String failed = submit(alice, email("alice@nowhere.invalid", ""), ALICE_KEY_OF_FAILED);
        aliceJobs.put("queued", submit(alice, email("alice+later@example.com", ",\"delaySeconds\":600"), null));
        aliceJobs.put("scheduled", submit(alice, email("alice+much-later@example.com", ",\"delaySeconds\":7200"),
                null));
        aliceJobs.put("scheduled webhook", submit(alice, "{\"type\":\"webhook.post\",\"payload\":{\"url\":"
                + "\"https://hooks.example.com/alice\"},\"delaySeconds\":7200}", null));
        String cancelled = submit(alice, email("alice+never@example.com", ",\"delaySeconds\":600"), null);
        assertEquals(200, call(alice, "POST", "/jobs/" + cancelled + "/cancel", null).status());
        aliceJobs.put("cancelled", cancelled);
        // Read once finished, so that the finished ones are also answered from the cache.
        aliceJobs.put("succeeded", awaitStatus(alice, succeeded, "succeeded"));
        aliceJobs.put("failed", awaitStatus(alice, failed, "failed"));

        JoblineClient.Response schedule = call(alice, "POST", "/schedules", """
                {"name":"%s","cron":"%s","timezone":"Europe/Berlin",
                 "job":{"type":"email.send","payload":{"to":["team@example.com"],"subject":"Report","text":"..."}}}"""
                .formatted(ALICE_SCHEDULE, ALICE_CRON));
        assertEquals(201, schedule.status(), schedule.raw().body());
        aliceSecret = call(alice, "GET", "/callback-secret", null).json().get("secret").textValue();
        aliceRows = aliceRows();
    }

    @AfterAll
    static void stop() {
        jobline.close();
    }

    @AfterEach
    void alicesRowsAreUnchangedAndSheStillSeesThem() {
        assertEquals(String.join("\n", aliceRows), String.join("\n", aliceRows()), "Alice's rows changed");
        aliceJobs.forEach((state, id) -> {
            JoblineClient.Response read = call(alice, "GET", "/jobs/" + id, null);
            assertEquals(200, read.status(), state + ": " + read.raw().body());
            assertEquals(state.split(" ")[0], read.json().get("status").textValue());
        });
        assertEquals(200, call(alice, "GET", "/schedules/" + ALICE_SCHEDULE, null).status());
        assertEquals(aliceSecret, call(alice, "GET", "/callback-secret", null).json().get("secret").textValue());
    }

    @Test
    void malloryCannotReadAlicesJobsOrTheirAttempts() {
        List<Executable> checks = new ArrayList<>();
        aliceJobs.forEach((state, id) -> {
            for (String route : List.of("/jobs/{}", "/jobs/{}/attempts")) {
                checks.add(() -> assertAnsweredAsNonexistent("GET", route, id, JobId.random().toString(), null,
                        "job_not_found", state));
                // The same job, its id in capitals: still Alice's, still not found.
                checks.add(() -> assertAnsweredAsNonexistent("GET", route, id.toUpperCase(Locale.ROOT),
                        JobId.random().toString().toUpperCase(Locale.ROOT), null, "job_not_found", state));
            }
        });
        assertAll(checks);
    }

    @Test
    void malloryCannotCancelOrRetryAlicesJobs() {
        List<Executable> checks = new ArrayList<>();
        aliceJobs.forEach((state, id) -> {
            for (String route : List.of("/jobs/{}/cancel", "/jobs/{}/retry")) {
                for (String body : new String[] {null, "{}"}) {
                    checks.add(() -> assertAnsweredAsNonexistent("POST", route, id, JobId.random().toString(), body,
                            "job_not_found", state));
                }
            }
        });
        assertAll(checks);
    }

    @Test
    void malloryBulkRetryRetriesHerFailedJobsAndNoneOfAlices() {
        String mallorysFailed = awaitStatus(mallory, submit(mallory, email("mallory@nowhere.invalid", ""), null),
                "failed");

        JoblineClient.Response none = call(mallory, "POST", "/jobs/retry", "{\"type\":\"webhook.post\"}");
        JoblineClient.Response filtered = call(mallory, "POST", "/jobs/retry",
                "{\"type\":\"email.send\",\"errorContains\":\"MessageRejected\",\"failedSince\":\"2000-01-01T00:00:00Z\","
                        + "\"limit\":1000}");
        awaitStatus(mallory, mallorysFailed, "failed");
        JoblineClient.Response all = call(mallory, "POST", "/jobs/retry", null);

        assertEquals(202, none.status(), none.raw().body());
        assertEquals(0, none.json().get("retried").intValue());
        for (JoblineClient.Response retried : List.of(filtered, all)) {
            assertEquals(202, retried.status(), retried.raw().body());
            assertEquals(List.of(mallorysFailed), ids(retried.json().get("jobIds")), "only Mallory's failed job");
            assertEquals(1, retried.json().get("retried").intValue());
        }
        awaitStatus(mallory, mallorysFailed, "failed");
    }

    @Test
    void malloryCannotReadPauseResumeOrDeleteAlicesSchedule() {
        String nobody = "nobody-" + UUID.randomUUID();
        assertAll(
                () -> assertAnsweredAsNonexistent("GET", "/schedules/{}", ALICE_SCHEDULE, nobody, null,
                        "schedule_not_found", "schedule"),
                () -> assertAnsweredAsNonexistent("POST", "/schedules/{}/pause", ALICE_SCHEDULE, nobody, null,
                        "schedule_not_found", "schedule"),
                () -> assertAnsweredAsNonexistent("POST", "/schedules/{}/resume", ALICE_SCHEDULE, nobody, null,
                        "schedule_not_found", "schedule"),
                () -> assertAnsweredAsNonexistent("DELETE", "/schedules/{}", ALICE_SCHEDULE, nobody, null,
                        "schedule_not_found", "schedule"));
    }

    @Test
    void mallorysScheduleListShowsNoneOfAlices() {
        JoblineClient.Response list = call(mallory, "GET", "/schedules", null);

        assertEquals(200, list.status(), list.raw().body());
        for (JsonNode schedule : list.json().get("schedules")) {
            assertNotEquals(ALICE_SCHEDULE, schedule.get("name").textValue(), list.raw().body());
        }
        assertFalse(list.raw().body().contains(ALICE_CRON), "Alice's cron shows in " + list.raw().body());
    }

    @Test
    void aScheduleNameAliceUsesIsFreeForMalloryAndStaysHers() {
        JoblineClient.Response created = call(mallory, "POST", "/schedules", """
                {"name":"%s","cron":"0 4 1 1 *",
                 "job":{"type":"email.send","payload":{"to":["m@example.com"],"subject":"Mine","text":"..."}}}"""
                .formatted(ALICE_SCHEDULE));
        try {
            assertEquals(201, created.status(), "a 409 would tell Mallory that someone has this name: "
                    + created.raw().body());
            JoblineClient.Response hers = call(mallory, "GET", "/schedules/" + ALICE_SCHEDULE, null);
            assertEquals("0 4 1 1 *", hers.json().get("cron").textValue(), "Mallory sees her own schedule");
            assertEquals(200, call(mallory, "POST", "/schedules/" + ALICE_SCHEDULE + "/pause", null).status());
            assertEquals(200, call(mallory, "POST", "/schedules/" + ALICE_SCHEDULE + "/resume", null).status());
        } finally {
            assertEquals(204, call(mallory, "DELETE", "/schedules/" + ALICE_SCHEDULE, null).status());
        }
        assertEquals(404, call(mallory, "GET", "/schedules/" + ALICE_SCHEDULE, null).status());
    }

    @Test
    void anIdempotencyKeyAliceUsedStartsANewJobForMallory() {
        JoblineClient.Response sameBody = submitWithKey(mallory, aliceSucceededBody, ALICE_KEY_OF_SUCCEEDED);
        JoblineClient.Response otherBody =
                submitWithKey(mallory, email("mallory@example.com", ""), ALICE_KEY_OF_FAILED);

        assertEquals(202, sameBody.status(), "a 200 would replay Alice's job: " + sameBody.raw().body());
        assertNotEquals(aliceJobs.get("succeeded"), sameBody.json().get("id").textValue());
        assertEquals(null, sameBody.header("Idempotent-Replayed"));
        assertEquals(202, otherBody.status(), "a 409 would tell Mallory the key is in use: " + otherBody.raw().body());
        assertFalse(aliceJobs.containsValue(otherBody.json().get("id").textValue()));
    }

    @Test
    void callbackSecretsAreNotShared() {
        String mine = call(mallory, "GET", "/callback-secret", null).json().get("secret").textValue();
        String rotated = call(mallory, "POST", "/callback-secret/rotate", null).json().get("secret").textValue();

        assertNotEquals(aliceSecret, mine);
        assertNotEquals(aliceSecret, rotated);
        assertNotEquals(mine, rotated);
    }

    @Test
    void mallorysJobListShowsNoneOfAlicesUnderAnyFilterOrCursor() {
        String listed = submit(mallory, email("mallory+listed@example.com", ",\"delaySeconds\":7200"), null);
        Set<String> mallorysIds = jobIdsOf(malloryTenant);
        String aliceCursor = call(alice, "GET", "/jobs?limit=1", null).json().path("nextCursor").asText(null);
        assertTrue(aliceCursor != null, "Alice has more than one page of one job");
        String foreignCursor = "?limit=1&cursor=" + encode(aliceCursor);

        List<String> queries = new ArrayList<>(List.of("", "?limit=200", "?type=webhook.post", "?type=email.send",
                "?createdAfter=2000-01-01T00:00:00Z", foreignCursor));
        for (String status : List.of("scheduled", "queued", "running", "retrying", "succeeded", "failed",
                "cancelled")) {
            queries.add("?status=" + status);
        }
        List<Executable> checks = new ArrayList<>();
        for (String query : queries) {
            checks.add(() -> {
                for (String id : listAll(mallory, query, query.equals(foreignCursor))) {
                    assertFalse(aliceJobs.containsValue(id), "Alice's job " + id + " listed for " + query);
                    assertTrue(mallorysIds.contains(id) || jobIdsOf(malloryTenant).contains(id),
                            "job " + id + " is not Mallory's, listed for " + query);
                }
            });
        }
        checks.add(() -> assertTrue(listAll(mallory, "", false).contains(listed),
                "Mallory's own job " + listed + " is in her listing"));
        assertAll(checks);
    }

    @Test
    void mallorysStatsCountOnlyHerJobs() {
        JoblineClient.Response stats = call(mallory, "GET", "/stats", null);
        assertEquals(200, stats.status(), stats.raw().body());

        // Her jobs may change state meanwhile (a worker finishing one): compare until the counts hold still.
        Instant deadline = Instant.now().plus(FINISH_TIMEOUT);
        Map<String, Long> answered;
        Map<String, Long> stored;
        do {
            stats = call(mallory, "GET", "/stats", null);
            answered = counts(stats.json().at("/jobs/byStatus"));
            stored = countByStatus(malloryTenant);
        } while (!answered.equals(stored) && Instant.now().isBefore(deadline));
        assertEquals(stored, answered, "Mallory's counts are hers alone: " + stats.raw().body());
        JsonNode byType = stats.json().at("/jobs/byType");
        assertEquals(0, byType.path("webhook.post").asLong(0), "only Alice has webhook jobs: " + byType);
    }

    // ------------------------------------------------------------------------------------------------------------

    /**
     * Mallory's answer about Alice's {@code thing} must be a 404 with {@code code}, and the same, byte for byte once
     * the id or name is taken out, as her answer about {@code nobody}, headers included.
     */
    private static void assertAnsweredAsNonexistent(String method, String route, String thing, String nobody,
            String body, String code, String what) {
        JoblineClient.Response theirs = call(mallory, method, route.replace("{}", thing), body);
        JoblineClient.Response nobodys = call(mallory, method, route.replace("{}", nobody), body);
        String where = method + " " + route + " on Alice's " + what + ": ";

        assertEquals(404, theirs.status(), where + theirs.raw().body());
        assertEquals(code, theirs.json().at("/error/code").textValue(), where + theirs.raw().body());
        assertEquals(nobodys.status(), theirs.status(), where + "the status differs from a nonexistent one's");
        assertEquals(withoutName(nobodys.raw().body(), nobody), withoutName(theirs.raw().body(), thing),
                where + "the body differs from a nonexistent one's");
        assertEquals(stableHeaders(nobodys), stableHeaders(theirs), where + "the headers differ");
    }

    /** The body with the id or name taken out, as sent and as the API writes it back (job ids in lower case). */
    private static String withoutName(String body, String name) {
        return body.replace(name, "{}").replace(name.toLowerCase(Locale.ROOT), "{}");
    }

    private static Map<String, List<String>> stableHeaders(JoblineClient.Response response) {
        Map<String, List<String>> headers = new TreeMap<>();
        response.raw().headers().map().forEach((name, values) -> {
            if (!VOLATILE_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                headers.put(name.toLowerCase(Locale.ROOT), values);
            }
        });
        return headers;
    }

    /**
     * Every job id of every page of {@code GET /jobs + query}; {@code mayRefuse}: a 400 ends the listing (a cursor from
     * another tenant's listing may be refused; it must not leak).
     */
    private static List<String> listAll(ApiKey key, String query, boolean mayRefuse) {
        List<String> ids = new ArrayList<>();
        String next = query;
        for (int page = 0; page < 100 && next != null; page++) {
            JoblineClient.Response list = call(key, "GET", "/jobs" + next, null);
            if (mayRefuse && list.status() == 400) {
                return ids;
            }
            assertEquals(200, list.status(), query + ": " + list.raw().body());
            list.json().get("jobs").forEach(job -> ids.add(job.get("id").textValue()));
            String cursor = list.json().path("nextCursor").asText(null);
            String base = query.replaceAll("[?&]cursor=[^&]*", "");
            next = cursor == null ? null : base + (base.contains("?") ? "&" : "?") + "cursor=" + encode(cursor);
        }
        return ids;
    }

    private static Map<String, Long> counts(JsonNode byStatus) {
        Map<String, Long> counts = new TreeMap<>();
        byStatus.fields().forEachRemaining(entry -> {
            if (entry.getValue().asLong() != 0) {
                counts.put(entry.getKey(), entry.getValue().asLong());
            }
        });
        return counts;
    }

    // ------------------------------------------------------------------------------------------------------------

    private static String email(String to, String extra) {
        return "{\"type\":\"email.send\",\"payload\":{\"to\":[\"" + to + "\"],\"subject\":\"Hi\",\"text\":\"Hello\"}"
                + extra + "}";
    }

    private static String submit(ApiKey key, String body, String idempotencyKey) {
        JoblineClient.Response response = submitWithKey(key, body, idempotencyKey);
        assertEquals(202, response.status(), response.raw().body());
        return response.json().get("id").textValue();
    }

    private static JoblineClient.Response submitWithKey(ApiKey key, String body, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(jobline.url().resolve("/jobs"))
                .header("Authorization", "Bearer " + key.secret())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return client.send(request);
    }

    private static String awaitStatus(ApiKey key, String id, String status) {
        Instant deadline = Instant.now().plus(FINISH_TIMEOUT);
        JoblineClient.Response job = call(key, "GET", "/jobs/" + id, null);
        while (!status.equals(job.json().path("status").asText()) && Instant.now().isBefore(deadline)) {
            JoblineClient.pause(Duration.ofMillis(50));
            job = call(key, "GET", "/jobs/" + id, null);
        }
        assertEquals(status, job.json().path("status").asText(), job.raw().body());
        return id;
    }

    private static JoblineClient.Response call(ApiKey key, String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(jobline.url().resolve(path))
                .header("Authorization", "Bearer " + key.secret());
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return client.send(request);
    }

    private static List<String> ids(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(id -> ids.add(id.textValue()));
        return ids;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** Alice's jobs, attempts, schedules and secret as stored: what no request of Mallory's may change. */
    private static List<String> aliceRows() {
        List<String> rows = new ArrayList<>();
        rows.addAll(rows("SELECT id, status, version, attempts, updated_at, cancel_requested, idempotency_key, run_at"
                + " FROM jobs WHERE tenant_id = ? ORDER BY id", aliceTenant, Function.identity()));
        rows.addAll(rows("SELECT a.job_id, a.attempt, a.outcome, a.finished_at FROM job_attempts a"
                + " JOIN jobs j ON j.id = a.job_id WHERE j.tenant_id = ? ORDER BY a.job_id, a.attempt", aliceTenant,
                Function.identity()));
        rows.addAll(rows("SELECT name, cron, timezone, paused, version, updated_at, next_fire_at, job::text"
                + " FROM schedules WHERE tenant_id = ? ORDER BY name", aliceTenant, Function.identity()));
        rows.addAll(rows("SELECT callback_secret FROM tenants WHERE id = ?", aliceTenant,
                TenantIsolationIT::sha256));
        return rows;
    }

    private static Set<String> jobIdsOf(TenantId tenant) {
        Set<String> ids = new TreeSet<>();
        for (String row : rows("SELECT id FROM jobs WHERE tenant_id = ?", tenant, Function.identity())) {
            ids.add(row);
        }
        return ids;
    }

    private static Map<String, Long> countByStatus(TenantId tenant) {
        Map<String, Long> counts = new TreeMap<>();
        for (String row : rows("SELECT status || '=' || count(*) FROM jobs WHERE tenant_id = ? GROUP BY status",
                tenant, Function.identity())) {
            String[] statusAndCount = row.split("=");
            counts.put(statusAndCount[0], Long.parseLong(statusAndCount[1]));
        }
        return counts;
    }

    private static List<String> rows(String sql, TenantId tenant, Function<String, String> mapping) {
        List<String> rows = new ArrayList<>();
        try (Connection connection = jobline.dataSource().getConnection();
                PreparedStatement query = connection.prepareStatement(sql)) {
            query.setObject(1, tenant.value());
            try (ResultSet result = query.executeQuery()) {
                ResultSetMetaData columns = result.getMetaData();
                while (result.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= columns.getColumnCount(); i++) {
                        row.append(i == 1 ? "" : " | ").append(mapping.apply(result.getString(i)));
                    }
                    rows.add(row.toString());
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    private static String sha256(String text) {
        try {
            return text == null ? "null" : HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
