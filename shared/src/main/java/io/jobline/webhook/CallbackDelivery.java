package io.jobline.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobline.Json;
import io.jobline.JsonObjectReader;
import io.jobline.TenantId;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The payload of an internal {@code callback.deliver} job: POST a finished job's JSON ({@code event}) to the
 * {@code callbackUrl} it was submitted with, signed with its tenant's secret. The worker creates these jobs; the API
 * does not accept the type (it is not in the API's {@code JobTypes}), so no client can have arbitrary JSON signed.
 */
public record CallbackDelivery(URI url, JsonNode event, TenantId tenantId) {

    public static final String TYPE = "callback.deliver";

    /** Callback receivers should answer quickly; a slow one is retried like a failing one. */
    public static final int TIMEOUT_SECONDS = 10;

    private static final Set<String> FIELDS = Set.of("url", "event", "tenantId");

    /** The payload of the job that delivers {@code event}, the finished job's JSON, to {@code url}. */
    public static ObjectNode payload(String url, JsonNode event, TenantId tenantId) {
        ObjectNode payload = Json.MAPPER.createObjectNode().put("url", url);
        payload.set("event", event);
        payload.put("tenantId", tenantId.toString());
        return payload;
    }

    /** Reads a {@code callback.deliver} payload, reporting every invalid field under {@code payload.}. */
    public static CallbackDelivery fromPayload(JsonNode payload, AddressPolicy policy) {
        JsonObjectReader reader = JsonObjectReader.of(payload, "payload");
        reader.rejectUnknownFields(FIELDS);
        String urlText = reader.requiredString("url", 1, WebhookUrl.MAX_LENGTH);
        Optional<String> urlProblem = urlText == null ? Optional.empty() : WebhookUrl.problem(urlText, policy);
        urlProblem.ifPresent(problem -> reader.error("url", problem));
        JsonNode event = reader.requiredObject("event");
        String tenantText = reader.requiredString("tenantId", 36, 36);
        TenantId tenant = null;
        if (tenantText != null) {
            try {
                tenant = new TenantId(UUID.fromString(tenantText));
            } catch (IllegalArgumentException e) {
                reader.error("tenantId", "must be a UUID");
            }
        }
        reader.throwIfInvalid();
        return new CallbackDelivery(WebhookUrl.parse(urlText), event, tenant);
    }
}
