package io.jobline.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.jobline.Json;
import io.jobline.webhook.CallbackSecrets;

/**
 * {@code /callback-secret}: the tenant's secret for verifying the {@code Jobline-Signature} of completion callbacks,
 * and its rotation (callbacks signed from then on use the new secret).
 */
final class CallbackSecretRoutes {

    private final CallbackSecrets secrets;

    CallbackSecretRoutes(CallbackSecrets secrets) {
        this.secrets = secrets;
    }

    void register(Router router) {
        router.add("GET", "/callback-secret", this::get);
        router.add("POST", "/callback-secret/rotate", this::rotate);
    }

    private APIGatewayV2HTTPResponse get(ApiCall call) {
        return answer(secrets.secretFor(call.tenant()).orElseThrow(), 200);
    }

    private APIGatewayV2HTTPResponse rotate(ApiCall call) {
        return answer(secrets.rotate(call.tenant()).orElseThrow(), 200);
    }

    private static APIGatewayV2HTTPResponse answer(String secret, int status) {
        return ApiCall.json(status, Json.MAPPER.createObjectNode().put("secret", secret),
                java.util.Map.of("Cache-Control", "no-store"));
    }
}
