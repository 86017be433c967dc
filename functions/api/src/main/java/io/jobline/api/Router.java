package io.jobline.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Routes by method and path template ({@code /jobs/{id}/retry}). A path that matches a template under another method
 * is a 405 naming the allowed ones; a path that matches none is a 404. Literal segments win over parameters, so
 * {@code /jobs/retry} and {@code /jobs/{id}} can live side by side. A trailing slash in a path is ignored, except by a
 * template that ends in one ({@code /dashboard/}): that one matches only paths ending in a slash, and wins over the
 * same template without it, so {@code /dashboard} can redirect to {@code /dashboard/}.
 */
final class Router {

    /** What a route does with a matched call. */
    @FunctionalInterface
    interface Handler {
        APIGatewayV2HTTPResponse handle(ApiCall call);
    }

    private record Route(String method, List<String> segments, boolean trailingSlash, Handler handler) {
        int literalCount() {
            return (int) segments.stream().filter(segment -> !segment.startsWith("{")).count();
        }
    }

    private final List<Route> routes = new ArrayList<>();

    Router add(String method, String template, Handler handler) {
        routes.add(new Route(method, split(template), endsInSlash(template), handler));
        // Most literal segments first: /jobs/retry before /jobs/{id}; then /dashboard/ before /dashboard.
        routes.sort(Comparator.comparingInt(Route::literalCount).reversed()
                .thenComparing(Route::trailingSlash, Comparator.reverseOrder()));
        return this;
    }

    /** Whether some route's template matches this path, under any method. */
    boolean serves(String path) {
        List<String> segments = split(path);
        return routes.stream().anyMatch(route -> match(route, segments, endsInSlash(path)) != null);
    }

    /** Every route as {@code "GET /jobs/{id}"}, for the test that holds the API to its OpenAPI document. */
    List<String> routeList() {
        return routes.stream().map(route -> route.method() + " /" + String.join("/", route.segments())
                + (route.trailingSlash() ? "/" : "")).toList();
    }

    APIGatewayV2HTTPResponse route(HttpRequest request, io.jobline.TenantId tenant) {
        List<String> path = split(request.path());
        Set<String> allowed = new LinkedHashSet<>();
        for (Route route : routes) {
            Map<String, String> params = match(route, path, endsInSlash(request.path()));
            if (params == null) {
                continue;
            }
            if (route.method().equals(request.method())) {
                RequestLog.route("/" + String.join("/", route.segments()));
                return route.handler().handle(new ApiCall(request, tenant, params));
            }
            allowed.add(route.method());
        }
        if (!allowed.isEmpty()) {
            throw ApiException.methodNotAllowed(request.method(), String.join(", ", allowed));
        }
        throw ApiException.routeNotFound(request.method(), request.path());
    }

    private static Map<String, String> match(Route route, List<String> path, boolean pathEndsInSlash) {
        List<String> template = route.segments();
        if (template.size() != path.size() || route.trailingSlash() && !pathEndsInSlash) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < template.size(); i++) {
            String expected = template.get(i);
            if (expected.startsWith("{")) {
                params.put(expected.substring(1, expected.length() - 1), path.get(i));
            } else if (!expected.equals(path.get(i))) {
                return null;
            }
        }
        return params;
    }

    /** {@code /dashboard/} but not {@code /}, which is the root with no segments rather than a trailing slash. */
    private static boolean endsInSlash(String path) {
        return path.length() > 1 && path.endsWith("/");
    }

    private static List<String> split(String path) {
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(segment);
            }
        }
        return segments;
    }
}
