package io.jobline.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobline.Json;
import io.jobline.ValidationException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookTest {

    private static final AddressPolicy POLICY = AddressPolicy.DEFAULT;

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static ObjectNode payloadWithUrl(String url) {
        return Json.MAPPER.createObjectNode().put("url", url);
    }

    private static ValidationException.FieldError onlyError(JsonNode payload) {
        var e = assertThrows(ValidationException.class, () -> Webhook.fromPayload(payload, POLICY));
        assertEquals(1, e.details().size(), e.details().toString());
        return e.details().getFirst();
    }

    @Test
    void readsAFullPayload() {
        Webhook webhook = Webhook.fromPayload(json("{'url':'https://hooks.example.com/in?x=1','method':'POST',"
                + "'headers':{'Authorization':'Bearer abc','X-Request-Id':'r-1'},'body':{'order':42},"
                + "'timeoutSeconds':5}"), POLICY);

        assertEquals(URI.create("https://hooks.example.com/in?x=1"), webhook.url());
        assertEquals(Map.of("Authorization", "Bearer abc", "X-Request-Id", "r-1", "Content-Type", "application/json"),
                webhook.headers());
        assertEquals(Optional.of("{\"order\":42}"), webhook.body());
        assertEquals(Duration.ofSeconds(5), webhook.timeout());
    }

    @Test
    void needsOnlyAUrlAndDefaultsTheRest() {
        Webhook webhook = Webhook.fromPayload(json("{'url':'http://example.com'}"), POLICY);

        assertEquals(Map.of(), webhook.headers());
        assertEquals(Optional.empty(), webhook.body());
        assertEquals(Duration.ofSeconds(10), webhook.timeout());
    }

    @Test
    void sendsAnyJsonValueAsJson() {
        assertEquals(Optional.of("[1,\"two\",null]"),
                Webhook.fromPayload(json("{'url':'https://example.com','body':[1,'two',null]}"), POLICY).body());
        assertEquals(Optional.of("\"plain\""),
                Webhook.fromPayload(json("{'url':'https://example.com','body':'plain'}"), POLICY).body());
    }

    @Test
    void sendsAStringBodyAsItIsWhenTheHeadersSetANonJsonContentType() {
        Webhook webhook = Webhook.fromPayload(json("{'url':'https://example.com','headers':{'content-type':"
                + "'text/plain; charset=utf-8'},'body':'hello'}"), POLICY);

        assertEquals(Optional.of("hello"), webhook.body());
        assertEquals(Optional.of("text/plain; charset=utf-8"), webhook.header("Content-Type"));
    }

    @Test
    void keepsAJsonContentTypeTheHeadersSet() {
        Webhook webhook = Webhook.fromPayload(json("{'url':'https://example.com','headers':{'Content-Type':"
                + "'application/cloudevents+json'},'body':{'a':1}}"), POLICY);

        assertEquals(Optional.of("{\"a\":1}"), webhook.body());
        assertEquals(Map.of("Content-Type", "application/cloudevents+json"), webhook.headers());
    }

    @Test
    void refusesANonStringBodyForANonJsonContentType() {
        var error = onlyError(json("{'url':'https://example.com','headers':{'Content-Type':'text/plain'},"
                + "'body':{'a':1}}"));

        assertEquals("payload.body", error.field());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "file:///etc/passwd",
        "ftp://example.com/file",
        "gopher://example.com/",
        "javascript:alert(1)",
        "mailto:ops@example.com",
        "//example.com/no-scheme",
        "/relative/path",
        "http:/one-slash",
        "http:///no-host",
        "http://user:secret@example.com/",
        "http://user@example.com/",
        "https://example.com@169.254.169.254/",
        "http://127.0.0.1/",
        "http://127.1.2.3:8080/",
        "http://10.0.0.5/",
        "http://172.16.0.1/",
        "http://172.31.255.255/",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.64.0.1/",
        "http://0.0.0.0/",
        "http://224.0.0.1/",
        "http://255.255.255.255/",
        "http://[::1]/",
        "http://[::]/",
        "http://[fe80::1]/",
        "http://[fe80::1%25eth0]/",
        "http://[fc00::1]/",
        "http://[fd00:ec2::254]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:7f00:1]/",
        "http://[::ffff:169.254.169.254]/",
        "http://[::127.0.0.1]/",
        "http://[64:ff9b::a9fe:a9fe]/",
        "http://[2002:7f00:1::]/",
        "http://[ff02::1]/",
        "http://2130706433/",
        "http://0x7f000001/",
        "http://0x7f.0.0.1/",
        "http://0177.0.0.1/",
        "http://127.000.000.001/",
        "http://127.1/",
        "http://1.2.3.4.5/",
        "http://localhost/",
        "http://LOCALHOST:3000/",
        "http://api.localhost/",
        "http://example.com./",
        "http://exa_mple.com/",
        "http://-example.com/",
        "http://exämple.com/",
        "http://example.com/a b",
        "http://example.com:0/",
        "http://example.com:70000/",
        "http://example.com/\r\nHost: evil"
    })
    void refusesUrlsThatAreNotPublicHttp(String url) {
        var error = onlyError(payloadWithUrl(url));

        assertEquals("payload.url", error.field());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "https://example.com",
        "HTTPS://Example.COM/Path?q=1#frag",
        "http://hooks.example.com:8080/in",
        "http://93.184.216.34/",
        "http://8.8.8.8:53/",
        "http://[2606:4700:4700::1111]/",
        "http://172.32.0.1/",
        "http://1.2.3.com/",
        "https://xn--bcher-kva.example/",
        "https://example.com/p%20ath?q=a%26b"
    })
    void acceptsPublicHttpUrls(String url) {
        assertEquals(URI.create(url), Webhook.fromPayload(payloadWithUrl(url), POLICY).url());
    }

    @Test
    void refusesAUrlLongerThan2048Characters() {
        var error = onlyError(payloadWithUrl("https://example.com/" + "a".repeat(2048)));

        assertTrue(error.message().contains("2048"), error.message());
    }

    @Test
    void saysWhyAPrivateLiteralIsRefused() {
        var error = onlyError(payloadWithUrl("http://169.254.169.254/latest/meta-data/"));

        assertTrue(error.message().contains("link-local"), error.message());
        assertTrue(error.message().contains(AddressPolicy.ALLOW_PRIVATE_NETWORKS), error.message());
    }

    @Test
    void acceptsALiteralInANetworkTheOperatorAllows() {
        AddressPolicy loopbackAllowed = AddressPolicy.parse("127.0.0.0/8, ::1/128");

        assertEquals(URI.create("http://127.0.0.1:8080/"),
                Webhook.fromPayload(payloadWithUrl("http://127.0.0.1:8080/"), loopbackAllowed).url());
        Webhook.fromPayload(payloadWithUrl("http://[::1]/"), loopbackAllowed);
        Webhook.fromPayload(payloadWithUrl("http://[::ffff:127.0.0.1]/"), loopbackAllowed);
        Webhook.fromPayload(payloadWithUrl("http://localhost:3000/"), loopbackAllowed);
        assertThrows(ValidationException.class,
                () -> Webhook.fromPayload(payloadWithUrl("http://10.0.0.1/"), loopbackAllowed));
    }

    @Test
    void refusesMethodsOtherThanPost() {
        ObjectNode payload = payloadWithUrl("https://example.com").put("method", "GET");

        assertEquals("payload.method", onlyError(payload).field());
        Webhook.fromPayload(payloadWithUrl("https://example.com").put("method", "POST"), POLICY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Host", "content-length", "Transfer-Encoding", "Connection", "Keep-Alive", "TE", "Upgrade",
            "Expect", "Proxy-Authorization", "Trailer"})
    void refusesHeadersTheClientOwns(String name) {
        ObjectNode payload = payloadWithUrl("https://example.com");
        payload.putObject("headers").put(name, "x");

        assertEquals("payload.headers." + name, onlyError(payload).field());
    }

    @Test
    void refusesHeaderInjection() {
        ObjectNode payload = payloadWithUrl("https://example.com");
        payload.putObject("headers").put("X-Note", "a\r\nX-Injected: yes");

        var error = onlyError(payload);
        assertEquals("payload.headers.X-Note", error.field());
        assertTrue(error.message().contains("CR or LF"), error.message());
    }

    @Test
    void refusesInvalidHeaderNamesValuesAndDuplicates() {
        ObjectNode payload = payloadWithUrl("https://example.com");
        ObjectNode headers = payload.putObject("headers");
        headers.put("Bad Name", "x");
        headers.put("X-Null", "a\u0000b");
        headers.put("X-Euro", "5 €");
        headers.put("X-Dup", "1");
        headers.put("x-dup", "2");
        headers.put("X-Number", 3);

        var e = assertThrows(ValidationException.class, () -> Webhook.fromPayload(payload, POLICY));
        assertEquals(List.of("payload.headers", "payload.headers.X-Null", "payload.headers.X-Euro",
                        "payload.headers.x-dup", "payload.headers.X-Number"),
                e.details().stream().map(ValidationException.FieldError::field).toList());
    }

    @Test
    void allowsAtMostFiftyHeaders() {
        ObjectNode payload = payloadWithUrl("https://example.com");
        ObjectNode headers = payload.putObject("headers");
        for (int i = 0; i < 51; i++) {
            headers.put("X-H" + i, "v");
        }

        assertEquals("payload.headers", onlyError(payload).field());
        headers.remove("X-H50");
        assertEquals(50, Webhook.fromPayload(payload, POLICY).headers().size());
    }

    @Test
    void limitsTheTimeoutToOneToThirtySeconds() {
        assertEquals("payload.timeoutSeconds", onlyError(payloadWithUrl("https://example.com")
                .put("timeoutSeconds", 0)).field());
        assertEquals("payload.timeoutSeconds", onlyError(payloadWithUrl("https://example.com")
                .put("timeoutSeconds", 31)).field());
        assertEquals(Duration.ofSeconds(30), Webhook.fromPayload(payloadWithUrl("https://example.com")
                .put("timeoutSeconds", 30), POLICY).timeout());
    }

    @Test
    void limitsTheBodyTo256KiB() {
        ObjectNode payload = payloadWithUrl("https://example.com").put("body", "x".repeat(256 * 1024));

        assertEquals("payload.body", onlyError(payload).field());
    }

    @Test
    void reportsEveryProblemAtOnceAndRefusesUnknownFields() {
        var e = assertThrows(ValidationException.class, () -> Webhook.fromPayload(
                json("{'url':'ftp://x','method':'PUT','timeoutSeconds':99,'bdy':1}"), POLICY));

        assertEquals(List.of("payload.bdy", "payload.url", "payload.method", "payload.timeoutSeconds"),
                e.details().stream().map(ValidationException.FieldError::field).toList());
    }

    @Test
    void theJobTypeValidatesWithItsPolicy() {
        assertEquals("webhook.post", new WebhookJobType(AddressPolicy.DEFAULT).name());
        assertThrows(ValidationException.class,
                () -> new WebhookJobType(AddressPolicy.DEFAULT).validate(payloadWithUrl("http://127.0.0.1/")));
        JsonNode payload = payloadWithUrl("http://127.0.0.1/");
        assertEquals(payload, new WebhookJobType(AddressPolicy.parse("127.0.0.0/8")).validate(payload));
        assertFalse(payload.has("headers"), "validation leaves the stored payload as submitted");
    }
}
