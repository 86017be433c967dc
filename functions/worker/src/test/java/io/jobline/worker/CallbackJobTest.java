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
import io.jobline.webhook.CallbackDelivery;
import io.jobline.webhook.CallbackSignature;
import io.jobline.webhook.HttpWebhookSender;
import io.jobline.webhook.InMemoryCallbackSecrets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CallbackJobTest {

    private static final AddressPolicy LOOPBACK_ALLOWED = AddressPolicy.parse("127.0.0.0/8");
    private static final TenantId TENANT = TenantId.random();
    private static final String SECRET = "jlcb_k3y-for-tests-0123456789abcdefghijklmnop";

    private final TestWebhookServer server = TestWebhookServer.start();
    private final TestClock clock = new TestClock(NOW);
    private final InMemoryCallbackSecrets secrets = new InMemoryCallbackSecrets().withSecret(TENANT, SECRET);
    private final CallbackJob runner =
            new CallbackJob(new HttpWebhookSender(LOOPBACK_ALLOWED), secrets, LOOPBACK_ALLOWED, clock);

    @AfterEach
    void stopServer() {
        server.close();
    }

    /** The JSON of a job that finished, as GET /jobs/{id} shows it. */
    private static ObjectNode aFinishedJobsJson() {
        ObjectNode event = Json.MAPPER.createObjectNode()
                .put("id", "019a0000-0000-7000-8000-000000000001")
                .put("type", "email.send")
                .put("status", "succeeded")
                .put("attempts", 1);
        event.putObject("result").put("messageId", "m-1");
        return event;
    }

    private static Job aCallbackJob(TenantId owner, JsonNode payload) {
        return Job.submit(JobId.random(), owner, new JobSpec(CallbackDelivery.TYPE, payload, 8), null, NOW)
                .start(NOW, Duration.ofMinutes(2));
    }

    private Job aCallbackJobTo(String path) {
        return aCallbackJob(TENANT, CallbackDelivery.payload(server.url(path), aFinishedJobsJson(), TENANT));
    }

    @Test
    void postsTheFinishedJobSignedSoTheReceiverCanVerifyIt() throws Exception {
        Job job = aCallbackJobTo("/jobline/callbacks");

        JsonNode result = runner.run(job);

        assertEquals(200, result.get("status").intValue());
        TestWebhookServer.Received callback = server.received().getFirst();
        assertEquals("POST", callback.method());
        assertEquals("/jobline/callbacks", callback.pathAndQuery());
        assertEquals(aFinishedJobsJson(), Json.MAPPER.readTree(callback.body()));
        assertEquals("application/json", callback.headers().getFirst("Content-Type"));
        assertEquals(job.id().toString(), callback.headers().getFirst(CallbackSignature.EVENT_ID_HEADER));
        String signature = callback.headers().getFirst(CallbackSignature.HEADER);
        assertTrue(signature.startsWith("t=" + NOW.getEpochSecond() + ",v1="), signature);
        assertTrue(CallbackSignature.verify(SECRET, signature, callback.body(), NOW.plusSeconds(3),
                CallbackSignature.DEFAULT_TOLERANCE));
        assertTrue(!CallbackSignature.verify(SECRET, signature, callback.body().replace("succeeded", "failed"),
                NOW, CallbackSignature.DEFAULT_TOLERANCE), "a tampered body does not verify");
    }

    @Test
    void signsEachAttemptAtItsOwnTimeWithTheSameEventId() {
        Job job = aCallbackJobTo("/");
        runner.run(job);
        clock.advance(Duration.ofMinutes(10));

        runner.run(job);

        var first = server.received().get(0);
        var second = server.received().get(1);
        assertEquals(first.headers().getFirst(CallbackSignature.EVENT_ID_HEADER),
                second.headers().getFirst(CallbackSignature.EVENT_ID_HEADER));
        assertTrue(CallbackSignature.verify(SECRET, second.headers().getFirst(CallbackSignature.HEADER),
                second.body(), clock.instant(), CallbackSignature.DEFAULT_TOLERANCE));
    }

    @Test
    void aFailingReceiverIsRetriedAndAMissingOneIsNot() {
        server.answering(500, "");
        assertThrows(RetryableJobFailureException.class, () -> runner.run(aCallbackJobTo("/")));

        server.answering(404, "");
        assertThrows(PermanentJobFailureException.class, () -> runner.run(aCallbackJobTo("/")));

        server.answering(301, "", "Location", "https://example.com/elsewhere");
        assertThrows(PermanentJobFailureException.class, () -> runner.run(aCallbackJobTo("/")));
    }

    @Test
    void loopbackIsRefusedWhenTheOperatorDidNotAllowIt() {
        CallbackJob strict = new CallbackJob(
                new HttpWebhookSender(AddressPolicy.DEFAULT), secrets, AddressPolicy.DEFAULT, clock);

        var e = assertThrows(PermanentJobFailureException.class, () -> strict.run(aCallbackJobTo("/")));

        assertTrue(e.getMessage().contains("loopback"), e.getMessage());
        assertEquals(0, server.received().size());
    }

    @Test
    void neverSignsWithTheSecretOfAnotherTenantThanTheJobs() {
        TenantId other = TenantId.random();
        secrets.withSecret(other, "jlcb_other-tenant-secret-abcdefghijklmnopqrstu");
        Job job = aCallbackJob(TENANT, CallbackDelivery.payload(server.url("/"), aFinishedJobsJson(), other));

        assertThrows(PermanentJobFailureException.class, () -> runner.run(job));
        assertEquals(0, server.received().size());
    }

    @Test
    void aTenantThatNoLongerExistsFailsPermanently() {
        TenantId gone = TenantId.random();
        Job job = aCallbackJob(gone, CallbackDelivery.payload(server.url("/"), aFinishedJobsJson(), gone));

        var e = assertThrows(PermanentJobFailureException.class, () -> runner.run(job));
        assertTrue(e.getMessage().contains("no longer exists"), e.getMessage());
    }

    @Test
    void anInvalidPayloadFailsPermanently() {
        Job job = aCallbackJob(TENANT, Json.MAPPER.createObjectNode().put("url", "ftp://example.com"));

        var e = assertThrows(PermanentJobFailureException.class, () -> runner.run(job));
        assertTrue(e.getMessage().startsWith("Invalid callback payload"), e.getMessage());
    }
}
