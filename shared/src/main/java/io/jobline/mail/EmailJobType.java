package io.jobline.mail;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobline.JobType;

/** {@code email.send}: one message through SES; its result is {@code {"messageId": "..."}}. */
public final class EmailJobType implements JobType {

    public static final String NAME = "email.send";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public JsonNode validate(JsonNode payload) {
        Email.fromPayload(payload);
        return payload;
    }
}
