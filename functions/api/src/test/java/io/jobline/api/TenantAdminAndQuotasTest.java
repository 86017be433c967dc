package io.jobline.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.jobline.JobStatus;
import io.jobline.Json;
import io.jobline.TenantId;
import io.jobline.cache.InMemoryJobCache;
import io.jobline.queue.FixedQueueMonitor;
import io.jobline.queue.InMemoryJobQueue;
import io.jobline.ratelimit.Rate;
import io.jobline.ratelimit.RequestLimiter;
import io.jobline.schedule.InMemoryScheduleStore;
import io.jobline.store.InMemoryJobQueries;
import io.jobline.store.InMemoryJobStore;
import io.jobline.tenant.ApiKey;
import io.jobline.tenant.InMemoryTenantStore;
import io.jobline.tenant.TenantQuotas;
import io.jobline.webhook.AddressPolicy;
import io.jobline.webhook.InMemoryCallbackSecrets;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TenantAdminAndQuotasTest {

    private static final String ADMIN_KEY = "jl_admin_key_for_tests_000000000000000000000000";
    private static final String EMAIL_JOB =
            "{\"type\":\"email.send\",\"payload\":{\"to\":[\"ada@example.com\"],\"subject\":\"Hi\",\"text\":\"Hello\"}}";

    /** A token bucket without refill: {@code burst} requests per bucket, then refused with a 1.5 s wait. */
    private static final class CountingLimiter implements RequestLimiter {
        final Map<String, AtomicInteger> taken = new ConcurrentHashMap<>();

        @Override
        public Duration tryAcquire(String bucket, Rate rate) {
            int n = taken.computeIfAbsent(bucket, b -> new AtomicInteger()).incrementAndGet();
            return n <= rate.burst() ? Duration.ZERO : Duration.ofMillis(1500);
        }
    }

    private final InMemoryJobStore store = new InMemoryJobStore();
    private final InMemoryJobQueue queue = new InMemoryJobQueue();
    private final InMemoryTenantStore tenants = new InMemoryTenantStore().countWaitingJobsWith(tenant ->
            store.all().stream()
                    .filter(job -> job.tenantId().equals(tenant))
                    .filter(job -> EnumSet.of(JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.RETRYING)
                            .contains(job.status()))
                    .count());
    private final CountingLimiter limiter = new CountingLimiter();

    private ApiHandler handler(Optional<String> adminKeySha256) {
        return new ApiHandler(new Dependencies(Dependencies.standardJobTypes(), store, queue, new InMemoryJobCache(),
                tenants, new InMemoryScheduleStore(), new InMemoryCallbackSecrets(), new InMemoryJobQueries(store),
                FixedQueueMonitor.emptyQueues(), AddressPolicy.DEFAULT, Duration.ZERO, Clock.systemUTC(), () -> {},
                List.of(), adminKeySha256, limiter));
    }

    private ApiHandler handler;

    @BeforeEach
    void setUp() {
        handler = handler(Optional.of(java.util.HexFormat.of().formatHex(ApiKey.sha256(ADMIN_KEY))));
    }

    private APIGatewayV2HTTPResponse call(String method, String path, String key, String body) {
        Map<String, String> headers = new HashMap<>();
        if (key != null) {
            headers.put("authorization", "Bearer " + key);
        }
        if (body != null) {
            headers.put("content-type", "application/json");
        }
        return handler.handleRequest(APIGatewayV2HTTPEvent.builder()
                .withRawPath(path)
                .withHeaders(headers)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).build())
                        .build())
                .withBody(body)
                .build(), null);
    }

    private static JsonNode json(APIGatewayV2HTTPResponse response) throws Exception {
        return Json.MAPPER.readTree(response.getBody());
    }

    private static void assertError(APIGatewayV2HTTPResponse response, int status, String code) throws Exception {
        assertEquals(status, response.getStatusCode(), response.getBody());
        assertEquals(code, json(response).at("/error/code").textValue(), response.getBody());
    }

    /** Creates tenant "acme" with these quotas (checked: 200) and issues it a key. */
    private String keyOfAcmeWithQuotas(String quotas) throws Exception {
        call("POST", "/admin/tenants", ADMIN_KEY, "{\"name\":\"acme\"}");
        APIGatewayV2HTTPResponse set = call("PUT", "/admin/tenants/acme/quotas", ADMIN_KEY, quotas);
        assertEquals(200, set.getStatusCode(), set.getBody());
        return issueKey("acme");
    }

    private String issueKey(String tenant) throws Exception {
        APIGatewayV2HTTPResponse issued =
                call("POST", "/admin/tenants/" + tenant + "/keys", ADMIN_KEY, "{\"name\":\"ci\"}");
        assertEquals(201, issued.getStatusCode(), issued.getBody());
        return json(issued).get("key").textValue();
    }

    private void assertNothingStored() {
        assertTrue(store.all().isEmpty(), "no job row");
        assertTrue(queue.sent().isEmpty(), "no queue message");
    }

    @Test
    void withoutAnAdminKeyConfiguredTheAdminRoutesDoNotExist() throws Exception {
        handler = handler(Optional.empty());

        assertError(call("GET", "/admin/tenants", ADMIN_KEY, null), 404, "route_not_found");
    }

    @Test
    void anOperatorCreatesATenantIssuesAKeyListsAndRevokesItWithoutSql() throws Exception {
        APIGatewayV2HTTPResponse created = call("POST", "/admin/tenants", ADMIN_KEY, "{\"name\":\"acme\"}");
        assertEquals(201, created.getStatusCode(), created.getBody());
        assertEquals(50, json(created).at("/quotas/requestsPerSecond").intValue());

        String key = issueKey("acme");
        assertEquals(202, call("POST", "/jobs", key, EMAIL_JOB).getStatusCode(), "the new key works");

        JsonNode keys = json(call("GET", "/admin/tenants/acme/keys", ADMIN_KEY, null)).get("keys");
        assertEquals(1, keys.size());
        String keyId = keys.get(0).get("id").textValue();
        assertEquals(new ApiKey(key).id(), keyId);
        assertFalse(keys.toString().contains(key), "a listing never shows the key");
        assertFalse(keys.toString().contains(java.util.HexFormat.of().formatHex(ApiKey.sha256(key))),
                "nor its hash");

        assertEquals(204, call("DELETE", "/admin/keys/" + keyId, ADMIN_KEY, null).getStatusCode());
        assertError(call("GET", "/stats", key, null), 401, "unauthorized");
        assertError(call("DELETE", "/admin/keys/" + keyId, ADMIN_KEY, null), 404, "key_not_found");
        assertTrue(json(call("GET", "/admin/tenants/acme/keys", ADMIN_KEY, null)).at("/keys/0/revokedAt").isTextual());
        assertEquals("acme", json(call("GET", "/admin/tenants", ADMIN_KEY, null)).at("/tenants/0/name").textValue());
    }

    @Test
    void adminRoutesRefuseTenantKeysAndWrongAdminKeys() throws Exception {
        call("POST", "/admin/tenants", ADMIN_KEY, "{\"name\":\"acme\"}");
        String tenantKey = issueKey("acme");

        assertError(call("GET", "/admin/tenants", tenantKey, null), 401, "unauthorized");
        assertError(call("GET", "/admin/tenants", ADMIN_KEY + "x", null), 401, "unauthorized");
        assertError(call("GET", "/admin/tenants", null, null), 401, "unauthorized");
        assertError(call("GET", "/jobs", ADMIN_KEY, null), 401, "unauthorized");
    }

    @Test
    void adminErrorsAre4xx() throws Exception {
        call("POST", "/admin/tenants", ADMIN_KEY, "{\"name\":\"acme\"}");

        assertError(call("POST", "/admin/tenants", ADMIN_KEY, "{\"name\":\"acme\"}"), 409, "tenant_exists");
        assertError(call("POST", "/admin/tenants", ADMIN_KEY, "{\"name\":\"../x\"}"), 400, "invalid_setting");
        assertError(call("POST", "/admin/tenants/nobody/keys", ADMIN_KEY, null), 404, "tenant_not_found");
        assertError(call("PUT", "/admin/tenants/acme/quotas", ADMIN_KEY, "{\"burst\":0}"), 400, "invalid_setting");
        assertError(call("PUT", "/admin/tenants/acme/quotas", ADMIN_KEY, "{\"color\":1}"), 400, "invalid_field");
        assertError(call("DELETE", "/admin/keys/nonsense", ADMIN_KEY, null), 404, "key_not_found");
    }

    @Test
    void overTheRequestRateA429WithRetryAfterAndNothingChanged() throws Exception {
        String key = keyOfAcmeWithQuotas("{\"requestsPerSecond\":1,\"burst\":2}");

        assertEquals(200, call("GET", "/stats", key, null).getStatusCode());
        assertEquals(200, call("GET", "/stats", key, null).getStatusCode());
        APIGatewayV2HTTPResponse limited = call("POST", "/jobs", key, EMAIL_JOB);

        assertError(limited, 429, "rate_limited");
        assertEquals("2", limited.getHeaders().get("Retry-After"), "1.5 s rounded up");
        assertNothingStored();
    }

    @Test
    void aPayloadOverTheTenantsLimitIs413AndStoresNothing() throws Exception {
        String key = keyOfAcmeWithQuotas("{\"maxPayloadBytes\":40}");

        assertError(call("POST", "/jobs", key, EMAIL_JOB), 413, "payload_too_large");
        assertError(call("POST", "/jobs/batch", key, "{\"jobs\":[" + EMAIL_JOB + "]}"), 413, "payload_too_large");
        assertNothingStored();
    }

    @Test
    void aJobTypeTheTenantMayNotSubmitIs403AndStoresNothing() throws Exception {
        call("POST", "/admin/tenants", ADMIN_KEY, "{\"name\":\"acme\"}");
        APIGatewayV2HTTPResponse set = call("PUT", "/admin/tenants/acme/quotas", ADMIN_KEY,
                "{\"allowedJobTypes\":[\"webhook.post\"]}");
        assertEquals("webhook.post", json(set).at("/allowedJobTypes/0").textValue());
        String key = issueKey("acme");

        assertError(call("POST", "/jobs", key, EMAIL_JOB), 403, "job_type_not_allowed");
        assertNothingStored();

        call("PUT", "/admin/tenants/acme/quotas", ADMIN_KEY, "{\"allowedJobTypes\":null}");
        assertEquals(202, call("POST", "/jobs", key, EMAIL_JOB).getStatusCode(), "null allows every type again");
    }

    @Test
    void aRetriedAcceptedRequestReplaysItsJobEvenWhenTheQuotaIsNowFull() throws Exception {
        String key = keyOfAcmeWithQuotas("{\"maxQueuedJobs\":1}");
        String once = EMAIL_JOB.substring(0, EMAIL_JOB.length() - 1) + ",\"idempotencyKey\":\"order-42\"}";
        APIGatewayV2HTTPResponse accepted = call("POST", "/jobs", key, once);
        assertEquals(202, accepted.getStatusCode(), accepted.getBody());

        APIGatewayV2HTTPResponse retried = call("POST", "/jobs", key, once);

        assertEquals(200, retried.getStatusCode(), retried.getBody());
        assertEquals("true", retried.getHeaders().get("Idempotent-Replayed"));
        assertEquals(json(accepted).get("id"), json(retried).get("id"));
        String another = EMAIL_JOB.substring(0, EMAIL_JOB.length() - 1) + ",\"idempotencyKey\":\"order-43\"}";
        assertError(call("POST", "/jobs", key, another), 429, "quota_exceeded");
        assertEquals(1, store.all().size());
    }

    @Test
    void whenTheTenantHasMaxQueuedJobsWaitingTheNextIs429AndStoresNothing() throws Exception {
        String key = keyOfAcmeWithQuotas("{\"maxQueuedJobs\":2}");
        assertEquals(202, call("POST", "/jobs", key, EMAIL_JOB).getStatusCode());
        assertEquals(202, call("POST", "/jobs", key, EMAIL_JOB).getStatusCode());

        APIGatewayV2HTTPResponse full = call("POST", "/jobs", key, EMAIL_JOB);
        assertError(full, 429, "quota_exceeded");
        assertEquals("30", full.getHeaders().get("Retry-After"));
        assertError(call("POST", "/jobs/batch", key, "{\"jobs\":[" + EMAIL_JOB + "]}"), 429, "quota_exceeded");
        assertEquals(2, store.all().size(), "no third row");
        assertEquals(2, queue.sent().size(), "no third message");
    }

    @Test
    void aBatchThatWouldPassTheQueuedLimitIsRefusedWhole() throws Exception {
        String key = keyOfAcmeWithQuotas("{\"maxQueuedJobs\":2}");

        assertError(call("POST", "/jobs/batch", key, "{\"jobs\":[" + EMAIL_JOB + "," + EMAIL_JOB + "," + EMAIL_JOB
                + "]}"), 429, "quota_exceeded");
        assertNothingStored();
    }

    @Test
    void statsShowTheTenantsQuotas() throws Exception {
        TenantId acme = tenants.createTenant("acme");
        tenants.setQuotas(acme, TenantQuotas.DEFAULT.withMaxQueuedJobs(7).withAllowedJobTypes(
                Optional.of(Set.of("email.send"))));
        ApiKey key = ApiKey.generate();
        tenants.addApiKey(acme, key, "test");

        JsonNode quotas = json(call("GET", "/stats", key.secret(), null)).get("quotas");

        assertEquals(50, quotas.get("requestsPerSecond").intValue());
        assertEquals(100, quotas.get("burst").intValue());
        assertEquals(7, quotas.get("maxQueuedJobs").longValue());
        assertEquals(262_144, quotas.get("maxPayloadBytes").intValue());
        assertEquals("[\"email.send\"]", quotas.get("allowedJobTypes").toString());
    }

    @Test
    void eachTenantHasItsOwnRateBucket() throws Exception {
        call("POST", "/admin/tenants", ADMIN_KEY, "{\"name\":\"a\"}");
        call("POST", "/admin/tenants", ADMIN_KEY, "{\"name\":\"b\"}");
        call("PUT", "/admin/tenants/a/quotas", ADMIN_KEY, "{\"burst\":1}");
        String a = issueKey("a");
        String b = issueKey("b");

        assertEquals(200, call("GET", "/stats", a, null).getStatusCode());
        assertError(call("GET", "/stats", a, null), 429, "rate_limited");
        assertEquals(200, call("GET", "/stats", b, null).getStatusCode(), "b is not limited by a's requests");
    }
}
