package io.jobline.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.jobline.TenantId;
import java.util.ArrayList;
import java.util.List;

/**
 * Hands a request to the public routes ({@code GET /health}, {@code GET /openapi.json}, the dashboard's static files)
 * when one of them serves its path, else authenticates it and hands it to the router. Every other route needs an API
 * key.
 */
final class Routes {

    private final Router publicRoutes;
    private final Authenticator authenticator;
    private final Router router;

    Routes(Authenticator authenticator, Router router) {
        this(new Router(), authenticator, router);
    }

    Routes(Router publicRoutes, Authenticator authenticator, Router router) {
        this.publicRoutes = publicRoutes;
        this.authenticator = authenticator;
        this.router = router;
    }

    APIGatewayV2HTTPResponse handle(HttpRequest request) {
        if (publicRoutes.serves(request.path())) {
            // No tenant: a public route reads nothing that belongs to one.
            return publicRoutes.route(request, null);
        }
        TenantId tenant = authenticator.authenticate(request.header("authorization"));
        RequestLog.tenant(tenant);
        return router.route(request, tenant);
    }

    /** Every route served, public and authenticated, as {@code "GET /jobs/{id}"}. */
    List<String> routeList() {
        List<String> all = new ArrayList<>(publicRoutes.routeList());
        all.addAll(router.routeList());
        return all;
    }
}
