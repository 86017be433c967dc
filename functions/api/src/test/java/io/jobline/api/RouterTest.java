package io.jobline.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {

    private static Router.Handler answering(String name) {
        return call -> APIGatewayV2HTTPResponse.builder().withStatusCode(200)
                .withBody(name + " " + call.pathParams()).build();
    }

    private static String route(Router router, String method, String path) {
        return router.route(new HttpRequest(method, path, Map.of(), Map.of(), new byte[0]), null).getBody();
    }

    @Test
    void aLiteralSegmentWinsOverAParameterWhateverTheOrderOfRegistration() {
        Router router = new Router()
                .add("GET", "/jobs/{id}", answering("job"))
                .add("GET", "/jobs/count", answering("count"));

        assertEquals("count {}", route(router, "GET", "/jobs/count"));
        assertEquals("job {id=abc}", route(router, "GET", "/jobs/abc"));
    }

    @Test
    void theRootIsARouteOfItsOwn() {
        Router router = new Router().add("GET", "/", answering("root")).add("GET", "/health", answering("health"));

        assertEquals("root {}", route(router, "GET", "/"));
        assertEquals("health {}", route(router, "GET", "/health"));
        assertEquals(List.of("GET /", "GET /health"), router.routeList().stream().sorted().toList());
    }

    @Test
    void aTemplateEndingInASlashMatchesOnlyPathsEndingInOne() {
        Router router = new Router()
                .add("GET", "/dashboard", answering("bare"))
                .add("GET", "/dashboard/", answering("slash"))
                .add("GET", "/dashboard/{file}", answering("file"));

        assertEquals("bare {}", route(router, "GET", "/dashboard"));
        assertEquals("slash {}", route(router, "GET", "/dashboard/"));
        assertEquals("file {file=app.js}", route(router, "GET", "/dashboard/app.js"));
        assertEquals(List.of("GET /dashboard", "GET /dashboard/", "GET /dashboard/{file}"),
                router.routeList().stream().sorted().toList());
    }

    @Test
    void withoutATrailingSlashTemplateATrailingSlashIsIgnoredAsBefore() {
        Router router = new Router().add("GET", "/jobs", answering("jobs"));

        assertEquals("jobs {}", route(router, "GET", "/jobs/"));
        ApiException notAllowed = assertThrows(ApiException.class, () -> route(router, "POST", "/jobs"));
        assertEquals(405, notAllowed.status());
    }
}
