package io.jobline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.BadRequestException;
import software.amazon.awssdk.services.sesv2.model.MessageRejectedException;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sesv2.model.SendEmailResponse;
import software.amazon.awssdk.services.sesv2.model.TooManyRequestsException;

class SesStandInTest {

    private static SesStandIn ses;
    private static SesV2Client client;

    @BeforeAll
    static void startStandIn() {
        ses = SesStandIn.start();
        client = LocalAws.ses(ses.endpoint());
    }

    @AfterAll
    static void stopStandIn() {
        client.close();
        ses.close();
    }

    @BeforeEach
    void forgetMail() {
        ses.clear();
        ses.throttle(0);
    }

    @Test
    void capturesEveryFieldTheSdkSends() {
        Instant before = Instant.now();

        SendEmailResponse response = client.sendEmail(aWelcomeEmail());

        CapturedEmail email = ses.mail().getFirst();
        assertEquals(response.messageId(), email.messageId());
        assertEquals("Jobline <noreply@jobline.example>", email.from());
        assertEquals(List.of("ann@example.com", "bob@example.com"), email.to());
        assertEquals(List.of("carol@example.com"), email.cc());
        assertEquals(List.of("audit@example.com"), email.bcc());
        assertEquals(List.of("support@jobline.example"), email.replyTo());
        assertEquals("Welcome, Ann", email.subject());
        assertEquals("Hello Ann", email.text());
        assertEquals("<p>Hello Ann</p>", email.html());
        assertFalse(email.receivedAt().isBefore(before));
        assertEquals(1, ses.sentCount());
    }

    @Test
    void givesEveryMessageItsOwnId() {
        String first = client.sendEmail(aWelcomeEmail()).messageId();
        String second = client.sendEmail(aWelcomeEmail()).messageId();

        assertFalse(first.equals(second));
    }

    @Test
    void findsMailByAnyRecipientIgnoringCaseAndDisplayName() {
        client.sendEmail(aWelcomeEmail());
        client.sendEmail(r -> r.fromEmailAddress("noreply@jobline.example")
                .destination(d -> d.toAddresses("Dan <dan@example.com>"))
                .content(c -> c.simple(m -> m.subject(s -> s.data("Hi")).body(b -> b.text(t -> t.data("Hi Dan"))))));

        assertEquals(1, ses.mailTo("ANN@example.com").size());
        assertEquals(1, ses.mailTo("audit@example.com").size(), "Bcc counts as a recipient");
        assertEquals("Hi", ses.mailTo("dan@example.com").getFirst().subject());
        assertEquals(List.of(), ses.mailTo("nobody@example.com"));
    }

    @Test
    void rejectsTheReservedInvalidDomainLikeAnUnverifiedIdentity() {
        AttemptCounter attempts = new AttemptCounter();
        try (SesV2Client counted = LocalAws.sesBuilder(ses.endpoint())
                .overrideConfiguration(o -> o.addExecutionInterceptor(attempts))
                .build()) {

            MessageRejectedException rejected = assertThrows(MessageRejectedException.class, () -> counted.sendEmail(
                    r -> r.fromEmailAddress("noreply@jobline.example")
                            .destination(d -> d.toAddresses("ok@example.com", "ghost@nowhere.invalid"))
                            .content(c -> c.simple(
                                    m -> m.subject(s -> s.data("x")).body(b -> b.text(t -> t.data("x")))))));

            assertRejectedAsPermanent(rejected);
            assertEquals(1, attempts.count.get(), "the SDK does not retry a rejection");
            assertEquals(0, ses.sentCount());
        }
    }

    private static void assertRejectedAsPermanent(MessageRejectedException rejected) {
        assertEquals(400, rejected.statusCode());
        assertEquals("MessageRejected", rejected.awsErrorDetails().errorCode());
        assertTrue(rejected.awsErrorDetails().errorMessage().startsWith(
                "Email address is not verified. The following identities failed the check in region US-EAST-1:"));
        assertTrue(rejected.awsErrorDetails().errorMessage().endsWith("ghost@nowhere.invalid"));
    }

    @Test
    void rejectsRequestsMissingWhatSesRequires() {
        assertBadRequest(r -> r.destination(d -> d.toAddresses("ann@example.com")).content(c -> c.simple(
                m -> m.subject(s -> s.data("x")).body(b -> b.text(t -> t.data("x"))))));
        assertBadRequest(r -> r.fromEmailAddress("noreply@jobline.example").content(c -> c.simple(
                m -> m.subject(s -> s.data("x")).body(b -> b.text(t -> t.data("x"))))));
        assertBadRequest(r -> r.fromEmailAddress("noreply@jobline.example").destination(d -> d.toAddresses("a@b.c")));
        assertBadRequest(r -> r.fromEmailAddress("noreply@jobline.example")
                .destination(d -> d.toAddresses("not-an-address"))
                .content(c -> c.simple(m -> m.subject(s -> s.data("x")).body(b -> b.text(t -> t.data("x"))))));
        assertEquals(0, ses.sentCount());
    }

    @Test
    void refusesUnsignedRequestsWith403() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(ses.endpoint().resolve(SesStandIn.SEND_EMAIL_PATH))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("""
                                    {"FromEmailAddress":"a@b.example","Destination":{"ToAddresses":["c@d.example"]},
                                     "Content":{"Simple":{"Subject":{"Data":"x"},"Body":{"Text":{"Data":"x"}}}}}"""))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertEquals(403, response.statusCode());
            assertEquals("MissingAuthenticationTokenException",
                    response.headers().firstValue("x-amzn-ErrorType").orElseThrow());
            assertEquals("Missing Authentication Token",
                    new ObjectMapper().readTree(response.body()).get("message").asText());
            assertEquals(0, ses.sentCount());
        }
    }

    @Test
    void aThrottledSendIsATooManyRequestsExceptionTheSdkClassesAsThrottling() {
        ses.throttle(1);
        try (SesV2Client noRetries = LocalAws.sesBuilder(ses.endpoint())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build()) {

            TooManyRequestsException throttled =
                    assertThrows(TooManyRequestsException.class, () -> noRetries.sendEmail(aWelcomeEmail()));

            assertEquals(429, throttled.statusCode());
            assertEquals("Maximum sending rate exceeded.", throttled.awsErrorDetails().errorMessage());
            // The SDK's retry strategy keys on this, not on retryable(), which stays false for a 429.
            assertTrue(throttled.isThrottlingException());
            assertEquals(0, ses.sentCount());
        }
    }

    @Test
    void theSdkRetriesAThrottleByItselfSoTheCallerSeesOnlySuccess() {
        AttemptCounter attempts = new AttemptCounter();
        ses.throttle(1);
        try (SesV2Client defaultRetries = LocalAws.sesBuilder(ses.endpoint())
                .overrideConfiguration(o -> o.addExecutionInterceptor(attempts))
                .build()) {

            defaultRetries.sendEmail(aWelcomeEmail());

            assertEquals(2, attempts.count.get(), "one throttled attempt, one retry");
            assertEquals(1, ses.sentCount());
        }
    }

    @Test
    void theSdkGivesUpOnAThrottleThatOutlastsItsRetries() {
        AttemptCounter attempts = new AttemptCounter();
        ses.throttle(100);
        try (SesV2Client defaultRetries = LocalAws.sesBuilder(ses.endpoint())
                .overrideConfiguration(o -> o.addExecutionInterceptor(attempts))
                .build()) {

            assertThrows(TooManyRequestsException.class, () -> defaultRetries.sendEmail(aWelcomeEmail()));

            // The SDK's default (legacy) retry mode makes 1 + 3 attempts, backing off longer for throttles.
            assertEquals(4, attempts.count.get());
        }
    }

    @Test
    void servesTheMailAsJson() throws Exception {
        client.sendEmail(aWelcomeEmail());

        JsonNode mail = new ObjectMapper().readTree(ses.mailAsJson());

        assertEquals(1, mail.size());
        JsonNode email = mail.get(0);
        assertEquals("Welcome, Ann", email.get("subject").asText());
        assertEquals("bob@example.com", email.get("to").get(1).asText());
        assertEquals("audit@example.com", email.get("bcc").get(0).asText());
        assertEquals("<p>Hello Ann</p>", email.get("html").asText());
        Instant.parse(email.get("receivedAt").asText());
    }

    @Test
    void keepsOnlyTheNewestMailButCountsAll() {
        try (SesStandIn small = SesStandIn.start(0, 2);
                SesV2Client smallClient = LocalAws.ses(small.endpoint())) {
            for (String subject : List.of("one", "two", "three")) {
                smallClient.sendEmail(r -> r.fromEmailAddress("noreply@jobline.example")
                        .destination(d -> d.toAddresses("ann@example.com"))
                        .content(c -> c.simple(
                                m -> m.subject(s -> s.data(subject)).body(b -> b.text(t -> t.data(subject))))));
            }

            assertEquals(List.of("two", "three"), small.mail().stream().map(CapturedEmail::subject).toList());
            assertEquals(3, small.sentCount());
        }
    }

    @Test
    void htmlOnlyMailHasNoText() {
        client.sendEmail(r -> r.fromEmailAddress("noreply@jobline.example")
                .destination(d -> d.toAddresses("ann@example.com"))
                .content(c -> c.simple(m -> m.subject(s -> s.data("x")).body(b -> b.html(h -> h.data("<b>x</b>"))))));

        assertNull(ses.mail().getFirst().text());
    }

    @Test
    void closeFreesThePort() {
        SesStandIn standIn = SesStandIn.start();
        int port = standIn.endpoint().getPort();

        standIn.close();

        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
    }

    private static SendEmailRequest aWelcomeEmail() {
        return SendEmailRequest.builder()
                .fromEmailAddress("Jobline <noreply@jobline.example>")
                .destination(d -> d.toAddresses("ann@example.com", "bob@example.com")
                        .ccAddresses("carol@example.com")
                        .bccAddresses("audit@example.com"))
                .replyToAddresses("support@jobline.example")
                .content(c -> c.simple(m -> m.subject(s -> s.data("Welcome, Ann").charset("UTF-8"))
                        .body(b -> b.text(t -> t.data("Hello Ann")).html(h -> h.data("<p>Hello Ann</p>")))))
                .build();
    }

    private static void assertBadRequest(Consumer<SendEmailRequest.Builder> request) {
        BadRequestException bad = assertThrows(BadRequestException.class, () -> client.sendEmail(request));
        assertEquals(400, bad.statusCode());
    }

    private static final class AttemptCounter implements ExecutionInterceptor {
        final AtomicInteger count = new AtomicInteger();

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            count.incrementAndGet();
        }
    }
}
