package io.jobline.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobline.Json;
import io.jobline.ValidationException;
import io.jobline.tenant.IssuedKey;
import io.jobline.tenant.KeySummary;
import io.jobline.tenant.TenantAdmin;
import io.jobline.tenant.TenantQuotas;
import io.jobline.tenant.TenantSummary;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /admin/*}: tenants, keys and quotas for an operator, behind the admin key ({@code JOBLINE_ADMIN_KEY_SHA256}).
 * Without that variable these routes do not exist (404, the same as any unknown path), so a deployment that does not
 * want remote administration shows none. Tenant API keys never open them.
 */
final class AdminRoutes {

    static final String PREFIX = "/admin";

    private final Authenticator authenticator;
    private final TenantAdmin admin;
    private final io.jobline.tenant.TenantStore tenants;
    private final Router router = new Router();

    AdminRoutes(Authenticator authenticator, io.jobline.tenant.TenantStore tenants) {
        this.authenticator = authenticator;
        this.tenants = tenants;
        this.admin = new TenantAdmin(tenants);
        router.add("POST", "/admin/tenants", this::createTenant);
        router.add("GET", "/admin/tenants", call -> listTenants());
        router.add("POST", "/admin/tenants/{name}/keys", this::issueKey);
        router.add("GET", "/admin/tenants/{name}/keys", this::listKeys);
        router.add("DELETE", "/admin/keys/{keyId}", this::revokeKey);
        router.add("GET", "/admin/tenants/{name}/quotas", this::quotas);
        router.add("PUT", "/admin/tenants/{name}/quotas", this::setQuotas);
    }

    static boolean isAdminPath(String path) {
        return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
    }

    APIGatewayV2HTTPResponse handle(HttpRequest request) {
        if (!authenticator.adminEnabled()) {
            throw ApiException.routeNotFound(request.method(), request.path());
        }
        authenticator.authenticateAdmin(request.header("authorization"));
        // Admin calls act for no tenant.
        return router.route(request, null);
    }

    private APIGatewayV2HTTPResponse createTenant(ApiCall call) {
        JsonNode body = call.jsonBody();
        String name = requiredText(body, "name");
        TenantSummary tenant = admin.createTenant(name);
        return ApiCall.json(201, tenantJson(tenant), java.util.Map.of("Location", "/admin/tenants/" + name));
    }

    private APIGatewayV2HTTPResponse listTenants() {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode list = body.putArray("tenants");
        admin.listTenants().forEach(tenant -> list.add(tenantJson(tenant)));
        return ApiCall.json(200, body);
    }

    private APIGatewayV2HTTPResponse issueKey(ApiCall call) {
        JsonNode body = call.optionalJsonBody();
        JsonNode name = body.get("name");
        if (name != null && !name.isTextual()) {
            throw invalid("name", "must be a string");
        }
        IssuedKey issued = admin.issueKey(call.pathParam("name"), name == null ? "" : name.asText());
        ObjectNode json = Json.MAPPER.createObjectNode()
                .put("id", issued.id())
                .put("tenant", issued.tenant())
                .put("name", issued.name())
                .put("key", issued.key().secret());
        return ApiCall.json(201, json, java.util.Map.of("Cache-Control", "no-store"));
    }

    private APIGatewayV2HTTPResponse listKeys(ApiCall call) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode list = body.putArray("keys");
        for (KeySummary key : admin.listKeys(call.pathParam("name"))) {
            ObjectNode json = list.addObject()
                    .put("id", key.id())
                    .put("name", key.name())
                    .put("createdAt", key.createdAt().toString());
            key.revokedAt().ifPresentOrElse(at -> json.put("revokedAt", at.toString()),
                    () -> json.putNull("revokedAt"));
        }
        return ApiCall.json(200, body);
    }

    private APIGatewayV2HTTPResponse revokeKey(ApiCall call) {
        admin.revokeKey(call.pathParam("keyId"));
        return ApiCall.noContent();
    }

    private APIGatewayV2HTTPResponse quotas(ApiCall call) {
        return ApiCall.json(200, quotasJson(admin.quotas(call.pathParam("name"))));
    }

    /** Changes the fields sent and keeps the others; {@code "allowedJobTypes": null} allows every type again. */
    private APIGatewayV2HTTPResponse setQuotas(ApiCall call) {
        JsonNode body = call.jsonBody();
        if (!body.isObject()) {
            throw invalid("(body)", "must be a JSON object");
        }
        List<String> unknown = new ArrayList<>();
        body.fieldNames().forEachRemaining(field -> {
            if (!Set.of("requestsPerSecond", "burst", "maxQueuedJobs", "maxPayloadBytes", "allowedJobTypes")
                    .contains(field)) {
                unknown.add(field);
            }
        });
        if (!unknown.isEmpty()) {
            throw invalid(unknown.getFirst(), "is not a quota; quotas are requestsPerSecond, burst, maxQueuedJobs, "
                    + "maxPayloadBytes, allowedJobTypes");
        }
        Optional<Integer> rps = intField(body, "requestsPerSecond");
        Optional<Integer> burst = intField(body, "burst");
        Optional<Long> maxQueued = longField(body, "maxQueuedJobs");
        Optional<Integer> maxPayload = intField(body, "maxPayloadBytes");
        Optional<Optional<Set<String>>> types = typesField(body);
        String name = call.pathParam("name");
        TenantQuotas changed = admin.changeQuotas(name, quotas -> {
            TenantQuotas next = quotas;
            next = rps.map(next::withRequestsPerSecond).orElse(next);
            next = burst.map(next::withBurst).orElse(next);
            next = maxQueued.map(next::withMaxQueuedJobs).orElse(next);
            next = maxPayload.map(next::withMaxPayloadBytes).orElse(next);
            next = types.map(next::withAllowedJobTypes).orElse(next);
            return next;
        });
        tenants.findTenantByName(name).ifPresent(authenticator::forgetQuotas);
        return ApiCall.json(200, quotasJson(changed));
    }

    static ObjectNode quotasJson(TenantQuotas quotas) {
        ObjectNode json = Json.MAPPER.createObjectNode()
                .put("requestsPerSecond", quotas.requestsPerSecond())
                .put("burst", quotas.burst())
                .put("maxQueuedJobs", quotas.maxQueuedJobs())
                .put("maxPayloadBytes", quotas.maxPayloadBytes());
        quotas.allowedJobTypes().ifPresentOrElse(types -> {
            ArrayNode list = json.putArray("allowedJobTypes");
            types.stream().sorted().forEach(list::add);
        }, () -> json.putNull("allowedJobTypes"));
        return json;
    }

    private static ObjectNode tenantJson(TenantSummary tenant) {
        ObjectNode json = Json.MAPPER.createObjectNode()
                .put("name", tenant.name())
                .put("id", tenant.id().toString())
                .put("createdAt", tenant.createdAt().toString());
        json.set("quotas", quotasJson(tenant.quotas()));
        return json;
    }

    private static String requiredText(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual()) {
            throw invalid(field, "is required and must be a string");
        }
        return value.asText();
    }

    private static Optional<Integer> intField(JsonNode body, String field) {
        return longField(body, field).map(value -> {
            if (value > Integer.MAX_VALUE) {
                throw invalid(field, "is too large");
            }
            return value.intValue();
        });
    }

    private static Optional<Long> longField(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw invalid(field, "must be a whole number");
        }
        return Optional.of(value.asLong());
    }

    private static Optional<Optional<Set<String>>> typesField(JsonNode body) {
        if (!body.has("allowedJobTypes")) {
            return Optional.empty();
        }
        JsonNode value = body.get("allowedJobTypes");
        if (value.isNull()) {
            return Optional.of(Optional.empty());
        }
        if (!value.isArray() || value.size() > 100) {
            throw invalid("allowedJobTypes", "must be null (all types) or an array of up to 100 job types");
        }
        Set<String> types = new LinkedHashSet<>();
        for (JsonNode type : value) {
            if (!type.isTextual() || type.asText().length() > 100) {
                throw invalid("allowedJobTypes", "must hold job type names");
            }
            types.add(type.asText());
        }
        return Optional.of(Optional.of(types));
    }

    private static ValidationException invalid(String field, String message) {
        return ValidationException.invalidFields(List.of(new ValidationException.FieldError(field, message)));
    }
}
