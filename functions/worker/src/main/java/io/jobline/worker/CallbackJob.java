package io.jobline.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jobline.Job;
import io.jobline.Json;
import io.jobline.ValidationException;
import io.jobline.webhook.AddressPolicy;
import io.jobline.webhook.CallbackDelivery;
import io.jobline.webhook.CallbackSecrets;
import io.jobline.webhook.CallbackSignature;
import io.jobline.webhook.HttpWebhookSender;
import io.jobline.webhook.Webhook;
import io.jobline.webhook.WebhookSender;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code callback.deliver}: POSTs a finished job's JSON to its {@code callbackUrl}, signed with the tenant's secret
 * ({@link CallbackSignature}). It is a job of its own, with its own attempts and backoff, so a callback that keeps
 * failing never changes the outcome of the job it reports on.
 *
 * <p>{@code Jobline-Event-Id} is this delivery job's id: the same on every attempt, so a receiver that got a callback
 * twice (its 2xx was lost) can tell. The signature's timestamp is taken per attempt.
 */
public final class CallbackJob implements JobRunner {

    private final WebhookSender sender;
    private final CallbackSecrets secrets;
    private final AddressPolicy policy;
    private final Clock clock;

    public CallbackJob(WebhookSender sender, CallbackSecrets secrets, AddressPolicy policy, Clock clock) {
        this.sender = sender;
        this.secrets = secrets;
        this.policy = policy;
        this.clock = clock;
    }

    @Override
    public String type() {
        return CallbackDelivery.TYPE;
    }

    @Override
    public JsonNode run(Job job, JobContext context) {
        CallbackDelivery delivery;
        try {
            delivery = CallbackDelivery.fromPayload(job.payload(), policy);
        } catch (ValidationException e) {
            throw new PermanentJobFailureException("Invalid callback payload: " + e.getMessage(), e);
        }
        if (!delivery.tenantId().equals(job.tenantId())) {
            // Only ever the job's own tenant's secret signs: a payload cannot name another tenant.
            throw new PermanentJobFailureException("Callback job of tenant " + job.tenantId()
                    + " names tenant " + delivery.tenantId(), null);
        }
        String secret = secrets.secretFor(job.tenantId()).orElseThrow(() -> new PermanentJobFailureException(
                "Tenant " + job.tenantId() + " no longer exists; its callback cannot be signed", null));
        String body = json(delivery.event());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put(CallbackSignature.HEADER, CallbackSignature.sign(secret, clock.instant(), body));
        headers.put(CallbackSignature.EVENT_ID_HEADER, job.id().toString());
        headers.put("User-Agent", HttpWebhookSender.USER_AGENT);
        Webhook callback = new Webhook(delivery.url(), headers, Optional.of(body),
                Duration.ofSeconds(CallbackDelivery.TIMEOUT_SECONDS));
        return WebhookOutcome.send(sender, callback, "Callback receiver", clock);
    }

    private static String json(JsonNode event) {
        try {
            return Json.MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree always serializes", e);
        }
    }
}
