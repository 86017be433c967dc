package io.jobline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobline.Json;
import io.jobline.tenant.ApiKey;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tenants, keys and quotas through HTTP on the local stack: admin routes, then each quota as a client meets it. */
class TenantQuotasIT {

    private static final String ADMIN_KEY = "jl_it_admin_" + UUID.randomUUID().toString().replace("-", "");
    private static final String EMAIL = "{\"type\":\"email.send\",\"delaySeconds\":3600,"
            + "\"payload\":{\"to\":[\"ada@example.com\"],\"subject\":\"s\",\"text\":\"t\"}}";
    private static LocalJobline jobline;
    private static final HttpClient http = HttpClient.newHttpClient();

    record Answer(int status, JsonNode json, HttpResponse<String> raw) {}

    @BeforeAll
    static void start() {
        jobline = LocalJobline.start(LocalSettings.fromEnv(Map.of(LocalSettings.PORT, "0",
                LocalSettings.SWEEP_SECONDS, "86400",
                "JOBLINE_API_KEY_CACHE_SECONDS", "0",
                "JOBLINE_ADMIN_KEY_SHA256", HexFormat.of().formatHex(ApiKey.sha256(ADMIN_KEY)))));
    }

    @AfterAll
    static void stop() {
        jobline.close();
    }

    private static Answer call(String method, String path, String key, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(jobline.url().resolve(URI.create(path)))
                .header("Authorization", "Bearer " + key)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isEmpty() ? null : Json.MAPPER.readTree(response.body());
            return new Answer(response.statusCode(), json, response);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertError(Answer answer, int status, String code) {
        assertEquals(status, answer.status(), answer.raw().body());
        assertEquals(code, answer.json().at("/error/code").textValue(), answer.raw().body());
    }

    private static String[] newTenantWithKey(String quotas) {
        String name = "it-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(201, call("POST", "/admin/tenants", ADMIN_KEY, "{\"name\":\"" + name + "\"}").status());
        if (quotas != null) {
            Answer set = call("PUT", "/admin/tenants/" + name + "/quotas", ADMIN_KEY, quotas);
            assertEquals(200, set.status(), set.raw().body());
        }
        Answer issued = call("POST", "/admin/tenants/" + name + "/keys", ADMIN_KEY, "{\"name\":\"it\"}");
        assertEquals(201, issued.status(), issued.raw().body());
        return new String[] {name, issued.json().get("key").textValue(), issued.json().get("id").textValue()};
    }

    private static long jobsOf(String tenantName) {
        try (Connection connection = jobline.dataSource().getConnection();
                PreparedStatement count = connection.prepareStatement(
                        "SELECT count(*) FROM jobs j JOIN tenants t ON t.id = j.tenant_id WHERE t.name = ?")) {
            count.setString(1, tenantName);
            try (ResultSet row = count.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void quotasRefuseWithTheirStatusAndStoreNothing() {
        String[] tenant = newTenantWithKey(
                "{\"maxQueuedJobs\":1,\"maxPayloadBytes\":200,\"allowedJobTypes\":[\"email.send\"]}");
        String key = tenant[1];

        assertEquals(202, call("POST", "/jobs", key, EMAIL).status(), "one job waits (scheduled in an hour)");
        Answer full = call("POST", "/jobs", key, EMAIL);
        assertError(full, 429, "quota_exceeded");
        assertTrue(full.raw().headers().firstValue("Retry-After").isPresent());
        assertError(call("POST", "/jobs", key, "{\"type\":\"webhook.post\",\"payload\":{\"url\":"
                + "\"https://example.com/hook\",\"body\":{}}}"), 403, "job_type_not_allowed");
        assertError(call("POST", "/jobs", key, EMAIL.replace("\"t\"}", "\"" + "x".repeat(300) + "\"}")), 413,
                "payload_too_large");

        JsonNode quotas = call("GET", "/stats", key, null).json().get("quotas");
        assertEquals(1, quotas.get("maxQueuedJobs").intValue());
        assertEquals("[\"email.send\"]", quotas.get("allowedJobTypes").toString());
        assertEquals(1, jobsOf(tenant[0]), "only the first job was stored");
    }

    @Test
    void overTheRequestRateA429WithRetryAfter() {
        String key = newTenantWithKey("{\"requestsPerSecond\":1,\"burst\":2}")[1];

        int limited = 0;
        Answer last = null;
        for (int i = 0; i < 4; i++) {
            last = call("GET", "/stats", key, null);
            if (last.status() == 429) {
                limited++;
                assertError(last, 429, "rate_limited");
                assertEquals("1", last.raw().headers().firstValue("Retry-After").orElseThrow());
            }
        }
        assertTrue(limited >= 1, "the burst of 2 is spent by 4 requests in well under a second");
    }

    @Test
    void aRevokedKeyIsRefusedAndAdminRoutesNeedTheAdminKey() {
        String[] tenant = newTenantWithKey(null);
        String key = tenant[1];
        assertEquals(200, call("GET", "/stats", key, null).status());
        assertError(call("GET", "/admin/tenants", key, null), 401, "unauthorized");

        JsonNode keys = call("GET", "/admin/tenants/" + tenant[0] + "/keys", ADMIN_KEY, null).json().get("keys");
        assertEquals(tenant[2], keys.get(0).get("id").textValue());
        assertTrue(!keys.toString().contains(key), "the listing never shows the key");
        assertEquals(204, call("DELETE", "/admin/keys/" + tenant[2], ADMIN_KEY, null).status());

        assertError(call("GET", "/stats", key, null), 401, "unauthorized");
    }
}
