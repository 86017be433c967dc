package io.jobline.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.jobline.TenantId;

/** Authenticates every request, then hands it to the router. Every route needs an API key. */
final class Routes {

    private final Authenticator authenticator;
    private final Router router;

    Routes(Authenticator authenticator, Router router) {
        this.authenticator = authenticator;
        this.router = router;
    }

    APIGatewayV2HTTPResponse handle(HttpRequest request) {
        TenantId tenant = authenticator.authenticate(request.header("authorization"));
        return router.route(request, tenant);
    }
}
