package io.jobline.worker;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobline.Job;
import io.jobline.ValidationException;
import io.jobline.webhook.AddressPolicy;
import io.jobline.webhook.Webhook;
import io.jobline.webhook.WebhookJobType;
import io.jobline.webhook.WebhookSender;
import java.time.Clock;

/** {@code webhook.post}: POSTs the payload's body to its URL; the result is the response. See {@link WebhookOutcome}. */
public final class WebhookJob implements JobRunner {

    private final WebhookSender sender;
    private final AddressPolicy policy;
    private final Clock clock;

    public WebhookJob(WebhookSender sender, AddressPolicy policy, Clock clock) {
        this.sender = sender;
        this.policy = policy;
        this.clock = clock;
    }

    @Override
    public String type() {
        return WebhookJobType.NAME;
    }

    @Override
    public JsonNode run(Job job, JobContext context) {
        Webhook webhook;
        try {
            // Validated on submit already; checked again because the row is the only input the worker trusts.
            webhook = Webhook.fromPayload(job.payload(), policy);
        } catch (ValidationException e) {
            throw new PermanentJobFailureException("Invalid webhook payload: " + e.getMessage(), e);
        }
        return WebhookOutcome.send(sender, webhook, "Webhook", clock);
    }
}
