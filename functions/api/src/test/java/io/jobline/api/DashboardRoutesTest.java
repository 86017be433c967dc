package io.jobline.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.jobline.Json;
import io.jobline.tenant.InMemoryTenantStore;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The dashboard's files, from a fixture directory: the real one belongs to the dashboard's own change. */
class DashboardRoutesTest {

    private static final String FIXTURE = "/dashboard-fixture/";

    private DashboardRoutes dashboard;
    private Routes routes;

    @BeforeEach
    void setUp() {
        dashboard = new DashboardRoutes(FIXTURE);
        Router publicRoutes = new Router();
        dashboard.register(publicRoutes);
        // Behind an authenticator with no tenants: every route that needed a key would answer 401.
        routes = new Routes(publicRoutes, new Authenticator(new InMemoryTenantStore(), Duration.ZERO,
                Clock.systemUTC()), new Router());
    }

    /** As ApiHandler answers, without an API key. */
    private APIGatewayV2HTTPResponse get(String path, Map<String, String> headers) {
        try {
            return routes.handle(new HttpRequest("GET", path, headers, Map.of(), new byte[0]));
        } catch (RuntimeException e) {
            return ErrorResponses.from(e, "test");
        }
    }

    private APIGatewayV2HTTPResponse get(String path) {
        return get(path, Map.of());
    }

    private static byte[] fixture(String name) throws Exception {
        try (InputStream in = DashboardRoutesTest.class.getResourceAsStream(FIXTURE + name)) {
            return in.readAllBytes();
        }
    }

    private static void assertSecurityHeaders(APIGatewayV2HTTPResponse response) {
        assertEquals("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                        + " connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
                response.getHeaders().get("Content-Security-Policy"));
        assertEquals("nosniff", response.getHeaders().get("X-Content-Type-Options"));
        assertEquals("no-referrer", response.getHeaders().get("Referrer-Policy"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/dashboard"})
    void redirectsToTheDashboardWithItsTrailingSlash(String path) {
        APIGatewayV2HTTPResponse response = get(path);

        assertEquals(308, response.getStatusCode(), response.getBody());
        assertEquals("/dashboard/", response.getHeaders().get("Location"));
        assertNull(response.getBody());
        assertSecurityHeaders(response);
    }

    /** Without an API key: the page asks for one and sends it with its own calls. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "/dashboard/, index.html, text/html; charset=utf-8",
        "/dashboard/index.html, index.html, text/html; charset=utf-8",
        "/dashboard/app.js, app.js, text/javascript; charset=utf-8",
        "/dashboard/style.css, style.css, text/css; charset=utf-8",
        "/dashboard/icon.svg, icon.svg, image/svg+xml; charset=utf-8",
    })
    void servesTextFilesAsUtf8WithTheirTypeWithoutAnApiKey(String path, String name, String contentType)
            throws Exception {
        APIGatewayV2HTTPResponse response = get(path);

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals(contentType, response.getHeaders().get("Content-Type"));
        assertEquals("no-cache", response.getHeaders().get("Cache-Control"));
        assertTrue(response.getHeaders().get("ETag").matches("\"[A-Za-z0-9_-]{22}\""), response.getHeaders().get("ETag"));
        assertEquals(new String(fixture(name), StandardCharsets.UTF_8), response.getBody());
        assertFalse(response.getIsBase64Encoded());
        assertSecurityHeaders(response);
    }

    @Test
    void servesImagesBase64EncodedAsApiGatewayExpectsBinaries() throws Exception {
        APIGatewayV2HTTPResponse response = get("/dashboard/logo.png");

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals("image/png", response.getHeaders().get("Content-Type"));
        assertTrue(response.getIsBase64Encoded());
        assertArrayEquals(fixture("logo.png"), Base64.getDecoder().decode(response.getBody()));
    }

    @Test
    void aMatchingIfNoneMatchIsA304WithoutBody() {
        String etag = get("/dashboard/app.js").getHeaders().get("ETag");

        for (String ifNoneMatch : new String[] {etag, "W/" + etag, "\"other\", " + etag, "*"}) {
            APIGatewayV2HTTPResponse response = get("/dashboard/app.js", Map.of("if-none-match", ifNoneMatch));

            assertEquals(304, response.getStatusCode(), ifNoneMatch);
            assertNull(response.getBody(), ifNoneMatch);
            assertEquals(etag, response.getHeaders().get("ETag"));
            assertEquals("no-cache", response.getHeaders().get("Cache-Control"));
            assertSecurityHeaders(response);
        }
    }

    @Test
    void anotherEtagGetsTheFile() {
        APIGatewayV2HTTPResponse response = get("/dashboard/app.js", Map.of("if-none-match", "\"stale\""));

        assertEquals(200, response.getStatusCode());
        assertTrue(response.getBody().contains("café"));
    }

    @Test
    void eachFileHasItsOwnEtag() {
        assertFalse(get("/dashboard/app.js").getHeaders().get("ETag")
                .equals(get("/dashboard/style.css").getHeaders().get("ETag")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/dashboard/missing.js", "/dashboard/not_served.js", "/dashboard/App.js",
        "/dashboard/.hidden.js", "/dashboard/-a.js", "/dashboard/index.htm", "/dashboard/app.JS", "/dashboard/..",
        "/dashboard/app.js.map", "/dashboard/app.json", "/dashboard/%2e%2e%2fsecret.js"})
    void anyOtherNameIsA404JsonError(String path) throws Exception {
        APIGatewayV2HTTPResponse response = get(path);

        assertEquals(404, response.getStatusCode(), path);
        assertEquals("application/json", response.getHeaders().get("Content-Type"));
        JsonNode error = Json.MAPPER.readTree(response.getBody()).get("error");
        assertEquals("route_not_found", error.get("code").textValue());
    }

    @Test
    void aNestedPathIsNotADashboardFile() {
        // Not the dashboard's to answer: it goes to the authenticated routes, which want a key first.
        assertEquals(401, get("/dashboard/js/app.js").getStatusCode());
    }

    @Test
    void readsNothingUntilAskedAndEachFileOnce() {
        assertEquals(0, new DashboardRoutes("/no-such-directory/").filesRead(), "nothing read at init");
        assertEquals(0, dashboard.filesRead());

        get("/dashboard/");
        get("/dashboard/");
        get("/dashboard/app.js");
        get("/dashboard/missing.js");

        assertEquals(2, dashboard.filesRead());
    }

    @Test
    void otherMethodsAreNotAllowed() {
        APIGatewayV2HTTPResponse response;
        try {
            response = routes.handle(new HttpRequest("POST", "/dashboard/", new HashMap<>(), Map.of(), new byte[0]));
        } catch (RuntimeException e) {
            response = ErrorResponses.from(e, "test");
        }

        assertEquals(405, response.getStatusCode());
        assertEquals("GET", response.getHeaders().get("Allow"));
    }
}
