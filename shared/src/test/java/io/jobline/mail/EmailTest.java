package io.jobline.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobline.Json;
import io.jobline.ValidationException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailTest {

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static List<String> invalidFields(String payload) {
        var e = assertThrows(ValidationException.class, () -> Email.fromPayload(json(payload)));
        return e.details().stream().map(ValidationException.FieldError::field).toList();
    }

    @Test
    void readsAFullPayload() {
        Email email = Email.fromPayload(json("{'to':['a@example.com'],'cc':['b@example.com'],'bcc':['c@example.com'],"
                + "'replyTo':['Support <help@example.com>'],'from':'Team <team@example.com>','subject':'Hi',"
                + "'text':'plain','html':'<p>html</p>'}"));

        assertEquals(List.of("a@example.com"), email.to());
        assertEquals("Team <team@example.com>", email.from().orElseThrow());
        assertEquals("Hi", email.subject());
        assertEquals("<p>html</p>", email.html().orElseThrow());
    }

    @Test
    void needsARecipientASubjectAndABody() {
        assertEquals(List.of("payload.to", "payload.subject", "payload.text"), invalidFields("{}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-an-address", "a@b", "@example.com", "a@@example.com", "a b@example.com",
            "a@example..com", "a@-example.com", "Name <a@example.com", "a@example.com\r\nBcc: x@evil.com"})
    void rejectsInvalidAddresses(String address) {
        String payload = Json.MAPPER.createObjectNode()
                .<com.fasterxml.jackson.databind.node.ObjectNode>set("to", Json.MAPPER.createArrayNode().add(address))
                .put("subject", "s").put("text", "t").toString();

        assertThrows(ValidationException.class, () -> Email.fromPayload(Json.MAPPER.readTree(payload)));
    }

    @Test
    void rejectsHeaderInjectionInTheSubject() {
        String payload = Json.MAPPER.createObjectNode()
                .<com.fasterxml.jackson.databind.node.ObjectNode>set("to", Json.MAPPER.createArrayNode().add("a@example.com"))
                .put("subject", "Hi\nBcc: victim@example.com").put("text", "t").toString();

        var e = assertThrows(ValidationException.class, () -> Email.fromPayload(Json.MAPPER.readTree(payload)));
        assertTrue(e.getMessage().contains("header injection"), e.getMessage());
    }

    @Test
    void limitsRecipientsToFifty() {
        var to = Json.MAPPER.createArrayNode();
        for (int i = 0; i < 51; i++) {
            to.add("user" + i + "@example.com");
        }
        var payload = Json.MAPPER.createObjectNode().put("subject", "s").put("text", "t");
        payload.set("to", to);

        var e = assertThrows(ValidationException.class, () -> Email.fromPayload(payload));
        assertEquals("payload.to", e.details().getFirst().field());
    }

    @Test
    void limitsRecipientsAcrossToCcAndBcc() {
        var to = Json.MAPPER.createArrayNode();
        var cc = Json.MAPPER.createArrayNode();
        for (int i = 0; i < 30; i++) {
            to.add("to" + i + "@example.com");
            cc.add("cc" + i + "@example.com");
        }
        var payload = Json.MAPPER.createObjectNode().put("subject", "s").put("text", "t");
        payload.set("to", to);
        payload.set("cc", cc);

        assertThrows(ValidationException.class, () -> Email.fromPayload(payload));
    }

    @Test
    void rejectsUnknownFieldsAndWrongTypes() {
        assertEquals(List.of("payload.bodyy", "payload.to"),
                invalidFields("{'to':'a@example.com','subject':'s','text':'t','bodyy':1}").stream().sorted().toList());
    }

    @Test
    void limitsTheSubjectLength() {
        var payload = Json.MAPPER.createObjectNode().put("subject", "x".repeat(999)).put("text", "t");
        payload.putArray("to").add("a@example.com");

        assertThrows(ValidationException.class, () -> Email.fromPayload(payload));
    }
}
