package io.jobline.worker;

import static io.jobline.JobTestBuilder.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobline.Job;
import io.jobline.JobId;
import io.jobline.JobSpec;
import io.jobline.Json;
import io.jobline.TenantId;
import io.jobline.TestClock;
import io.jobline.webhook.AddressPolicy;
import io.jobline.webhook.HttpWebhookSender;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookJobTest {

    /** The test server listens on 127.0.0.1, which only an operator's allow-list lets webhooks reach. */
    private static final AddressPolicy LOOPBACK_ALLOWED = AddressPolicy.parse("127.0.0.0/8");

    private final TestWebhookServer server = TestWebhookServer.start();
    private final TestClock clock = new TestClock(NOW);
    private final WebhookJob runner = new WebhookJob(new HttpWebhookSender(LOOPBACK_ALLOWED), LOOPBACK_ALLOWED, clock);

    @AfterEach
    void stopServer() {
        server.close();
    }

    static Job aRunningWebhookJob(JsonNode payload) {
        return Job.submit(JobId.random(), TenantId.random(), new JobSpec("webhook.post", payload, 5), null, NOW)
                .start(NOW, Duration.ofMinutes(2));
    }

    private ObjectNode payloadTo(String path) {
        return Json.MAPPER.createObjectNode().put("url", server.url(path));
    }

    @Test
    void postsTheBodyAndHeadersAndSucceedsOn2xxWithTheResponse() {
        server.answering(201, "{\"received\":true}", "Content-Type", "application/json", "Set-Cookie", "s=1");
        ObjectNode payload = payloadTo("/hooks/orders?source=jobline");
        payload.putObject("headers").put("Authorization", "Bearer t0ken").put("X-Trace", "abc");
        payload.putObject("body").put("order", 42);

        JsonNode result = runner.run(aRunningWebhookJob(payload));

        assertEquals(201, result.get("status").intValue());
        assertEquals("application/json", result.at("/headers/content-type").textValue());
        assertTrue(result.at("/headers/set-cookie").isMissingNode(), "only a few harmless headers are kept");
        assertEquals("{\"received\":true}", result.get("bodyExcerpt").textValue());
        TestWebhookServer.Received request = server.received().getFirst();
        assertEquals("POST", request.method());
        assertEquals("/hooks/orders?source=jobline", request.pathAndQuery());
        assertEquals("{\"order\":42}", request.body());
        assertEquals("application/json", request.headers().getFirst("Content-Type"));
        assertEquals("Bearer t0ken", request.headers().getFirst("Authorization"));
        assertEquals("abc", request.headers().getFirst("X-Trace"));
        assertEquals(HttpWebhookSender.USER_AGENT, request.headers().getFirst("User-Agent"));
    }

    @Test
    void sendsAStringAsPlainTextWhenTheHeadersSaySo() {
        ObjectNode payload = payloadTo("/text").put("body", "hello, world");
        payload.putObject("headers").put("Content-Type", "text/plain; charset=utf-8");

        runner.run(aRunningWebhookJob(payload));

        assertEquals("hello, world", server.received().getFirst().body());
        assertEquals("text/plain; charset=utf-8", server.received().getFirst().headers().getFirst("Content-Type"));
    }

    @Test
    void postsAnEmptyBodyWhenThePayloadHasNone() {
        JsonNode result = runner.run(aRunningWebhookJob(payloadTo("/ping")));

        assertEquals(200, result.get("status").intValue());
        assertEquals("", server.received().getFirst().body());
    }

    @Test
    void keepsOnlyTheFirstKibOfTheBodyWithoutCuttingACharacterInHalf() {
        server.answering(200, "€".repeat(50_000));

        JsonNode result = runner.run(aRunningWebhookJob(payloadTo("/big")));

        // 1024 bytes hold 341 three-byte characters and one byte of the next, which is left out.
        assertEquals("€".repeat(341), result.get("bodyExcerpt").textValue());
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504, 408, 429})
    void serverErrorsThrottlingAndRequestTimeoutsAreRetryable(int status) {
        server.answering(status, "try later");

        var e = assertThrows(RetryableJobFailureException.class, () -> runner.run(aRunningWebhookJob(payloadTo("/"))));

        assertTrue(e.getMessage().contains("HTTP " + status), e.getMessage());
        assertTrue(e.getMessage().contains("try later"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 405, 410, 413, 422})
    void otherClientErrorsArePermanent(int status) {
        server.answering(status, "no such hook");

        var e = assertThrows(PermanentJobFailureException.class,
                () -> runner.run(aRunningWebhookJob(payloadTo("/gone"))));

        assertTrue(e.getMessage().contains("HTTP " + status + ": no such hook"), e.getMessage());
    }

    @Test
    void exposesRetryAfterInSecondsOn429() {
        server.answering(429, "slow down", "Retry-After", "120");

        var e = assertThrows(RetryableJobFailureException.class, () -> runner.run(aRunningWebhookJob(payloadTo("/"))));

        assertEquals(Optional.of(Duration.ofSeconds(120)), e.retryAfter());
    }

    @Test
    void exposesRetryAfterAsAnHttpDateOn503() {
        server.answering(503, "maintenance", "Retry-After", "Sun, 22 Nov 2026 10:05:00 GMT");

        var e = assertThrows(RetryableJobFailureException.class, () -> runner.run(aRunningWebhookJob(payloadTo("/"))));

        assertEquals(Optional.of(Duration.ofMinutes(5)), e.retryAfter());
    }

    @Test
    @Timeout(10) // a hang guard, not a speed check
    void aServerThatDoesNotAnswerInTimeIsRetryable() {
        server.answeringAfter(Duration.ofSeconds(5));

        var e = assertThrows(RetryableJobFailureException.class,
                () -> runner.run(aRunningWebhookJob(payloadTo("/slow").put("timeoutSeconds", 1))));

        assertTrue(e.getMessage().contains("no answer within 1 s"), e.getMessage());
    }

    @Test
    void aConnectionErrorIsRetryable() {
        String url = server.url("/");
        server.close();

        var e = assertThrows(RetryableJobFailureException.class,
                () -> runner.run(aRunningWebhookJob(Json.MAPPER.createObjectNode().put("url", url))));

        assertTrue(e.getMessage().contains("127.0.0.1"), e.getMessage());
    }

    @Test
    void aRedirectIsNotFollowedAndFailsPermanently() {
        server.answering(302, "", "Location", "http://169.254.169.254/latest/meta-data/");

        var e = assertThrows(PermanentJobFailureException.class,
                () -> runner.run(aRunningWebhookJob(payloadTo("/moved"))));

        assertTrue(e.getMessage().contains("HTTP 302"), e.getMessage());
        assertTrue(e.getMessage().contains("redirects are not followed"), e.getMessage());
        assertEquals(1, server.received().size(), "the redirect target was never requested");
    }

    @Test
    void loopbackIsRefusedWhenTheOperatorDidNotAllowIt() {
        WebhookJob strict = new WebhookJob(
                new HttpWebhookSender(AddressPolicy.DEFAULT), AddressPolicy.DEFAULT, clock);

        var e = assertThrows(PermanentJobFailureException.class, () -> strict.run(aRunningWebhookJob(payloadTo("/"))));

        assertTrue(e.getMessage().contains("loopback"), e.getMessage());
        assertEquals(0, server.received().size());
    }

    @Test
    void theSenderRefusesLoopbackEvenIfThePayloadGotPastValidation() {
        // The row is all the worker trusts; the sender checks the address again whatever validation said.
        WebhookJob lenientValidation = new WebhookJob(
                new HttpWebhookSender(AddressPolicy.DEFAULT), LOOPBACK_ALLOWED, clock);

        var e = assertThrows(PermanentJobFailureException.class,
                () -> lenientValidation.run(aRunningWebhookJob(payloadTo("/"))));

        assertTrue(e.getMessage().startsWith("Refused to connect to 127.0.0.1: it is a loopback address"),
                e.getMessage());
        assertEquals(0, server.received().size());
    }

    @Test
    void anInvalidStoredPayloadFailsPermanently() {
        var e = assertThrows(PermanentJobFailureException.class, () -> runner.run(aRunningWebhookJob(
                Json.MAPPER.createObjectNode().put("url", "file:///etc/passwd"))));

        assertTrue(e.getMessage().startsWith("Invalid webhook payload: payload.url"), e.getMessage());
    }
}
