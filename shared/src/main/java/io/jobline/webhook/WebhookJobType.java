package io.jobline.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobline.JobType;

/**
 * {@code webhook.post}: one HTTP POST to a tenant's URL. The result is {@code {"status", "headers", "bodyExcerpt"}};
 * see {@code docs/WEBHOOKS.md}. A URL whose host is a literal address the {@link AddressPolicy} refuses is rejected
 * on submit; names are checked after DNS resolution when the job runs.
 */
public final class WebhookJobType implements JobType {

    public static final String NAME = "webhook.post";

    private final AddressPolicy policy;

    public WebhookJobType(AddressPolicy policy) {
        this.policy = policy;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public JsonNode validate(JsonNode payload) {
        Webhook.fromPayload(payload, policy);
        return payload;
    }
}
