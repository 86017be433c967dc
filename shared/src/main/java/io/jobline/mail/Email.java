package io.jobline.mail;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobline.JsonObjectReader;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A validated {@code email.send} payload. {@code from} is empty when the job uses the deployment's sender.
 * Every header field is free of CR and LF, so no payload can add headers to the message.
 */
public record Email(
        Optional<String> from,
        List<String> to,
        List<String> cc,
        List<String> bcc,
        List<String> replyTo,
        String subject,
        Optional<String> text,
        Optional<String> html) {

    /** SES accepts at most 50 recipients (To, Cc and Bcc together) per message. */
    public static final int MAX_RECIPIENTS = 50;

    public static final int MAX_SUBJECT_LENGTH = 998;

    private static final int MAX_BODY_LENGTH = 256 * 1024;
    private static final Set<String> FIELDS = Set.of("from", "to", "cc", "bcc", "replyTo", "subject", "text", "html");

    /** Reads a payload, reporting every invalid field under {@code payload.}. */
    public static Email fromPayload(JsonNode payload) {
        JsonObjectReader reader = JsonObjectReader.of(payload, "payload");
        reader.rejectUnknownFields(FIELDS);
        Optional<String> from = reader.optionalString("from", EmailAddress.MAX_LENGTH);
        List<String> to = reader.stringList("to", 1, MAX_RECIPIENTS, EmailAddress.MAX_LENGTH);
        List<String> cc = reader.stringList("cc", 0, MAX_RECIPIENTS, EmailAddress.MAX_LENGTH);
        List<String> bcc = reader.stringList("bcc", 0, MAX_RECIPIENTS, EmailAddress.MAX_LENGTH);
        List<String> replyTo = reader.stringList("replyTo", 0, MAX_RECIPIENTS, EmailAddress.MAX_LENGTH);
        String subject = reader.requiredString("subject", 1, MAX_SUBJECT_LENGTH);
        Optional<String> text = reader.optionalString("text", MAX_BODY_LENGTH);
        Optional<String> html = reader.optionalString("html", MAX_BODY_LENGTH);

        from.ifPresent(address -> checkAddress(reader, "from", address));
        checkAddresses(reader, "to", to);
        checkAddresses(reader, "cc", cc);
        checkAddresses(reader, "bcc", bcc);
        checkAddresses(reader, "replyTo", replyTo);
        if (to.size() + cc.size() + bcc.size() > MAX_RECIPIENTS) {
            reader.error("to", "to, cc and bcc together must have at most " + MAX_RECIPIENTS + " recipients");
        }
        if (subject != null && (subject.indexOf('\r') >= 0 || subject.indexOf('\n') >= 0)) {
            reader.error("subject", "must not contain CR or LF (header injection)");
        }
        if (text.isEmpty() && html.isEmpty() && !payload.hasNonNull("text") && !payload.hasNonNull("html")) {
            reader.error("text", "text or html (or both) is required");
        }
        reader.throwIfInvalid();
        return new Email(from, to, cc, bcc, replyTo, subject, text, html);
    }

    private static void checkAddresses(JsonObjectReader reader, String field, List<String> addresses) {
        for (int i = 0; i < addresses.size(); i++) {
            checkAddress(reader, field + "[" + i + "]", addresses.get(i));
        }
    }

    private static void checkAddress(JsonObjectReader reader, String field, String address) {
        EmailAddress.problem(address).ifPresent(problem -> reader.error(field, problem));
    }
}
