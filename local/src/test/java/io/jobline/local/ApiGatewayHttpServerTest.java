package io.jobline.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ApiGatewayHttpServerTest {

    private static final HttpClient http = HttpClient.newHttpClient();
    private static final AtomicReference<RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> function =
            new AtomicReference<>();
    private static ApiGatewayHttpServer server;

    private final AtomicReference<APIGatewayV2HTTPEvent> seenEvent = new AtomicReference<>();
    private final AtomicReference<Context> seenContext = new AtomicReference<>();
    private final AtomicInteger invocations = new AtomicInteger();

    @BeforeAll
    static void startServer() {
        server = ApiGatewayHttpServer.builder((event, context) -> function.get().handleRequest(event, context))
                .functionName("jobline-api")
                .timeout(Duration.ofSeconds(29))
                .start();
        server.addRoute("GET", "/_local/mail", request ->
                LocalRoute.Response.ok("{\"to\":\"" + request.query().get("to") + "\"}"));
    }

    @AfterAll
    static void stopServer() {
        server.close();
        http.close();
    }

    @BeforeEach
    void answerOkByDefault() {
        respondWith(APIGatewayV2HTTPResponse.builder().withStatusCode(200).withBody("ok").build());
    }

    @Test
    void buildsThePayloadFormat2EventApiGatewayWould() throws Exception {
        long before = System.currentTimeMillis();

        send(HttpRequest.newBuilder(server.url().resolve("/jobs/abc?x=1&x=2&note=a%20b&empty"))
                .header("Content-Type", "application/json; charset=utf-8")
                .header("X-Tenant", "one")
                .header("X-Tenant", "two")
                .header("Cookie", "session=s1; theme=dark")
                .header("User-Agent", "jobline-test/1.0")
                .POST(BodyPublishers.ofString("{\"type\":\"email\"}")));

        APIGatewayV2HTTPEvent event = seenEvent.get();
        assertEquals("2.0", event.getVersion());
        assertEquals("$default", event.getRouteKey());
        assertEquals("/jobs/abc", event.getRawPath());
        assertEquals("x=1&x=2&note=a%20b&empty", event.getRawQueryString());
        assertEquals(Map.of("x", "1,2", "note", "a b", "empty", ""), event.getQueryStringParameters());
        assertEquals("one,two", event.getHeaders().get("x-tenant"));
        assertEquals("application/json; charset=utf-8", event.getHeaders().get("content-type"));
        assertEquals("127.0.0.1", event.getHeaders().get("x-forwarded-for"));
        assertTrue(event.getHeaders().keySet().stream().allMatch(name -> name.equals(name.toLowerCase())));
        assertFalse(event.getHeaders().containsKey("cookie"), "cookies move to their own field");
        assertEquals(List.of("session=s1", "theme=dark"), event.getCookies());
        assertEquals("{\"type\":\"email\"}", event.getBody());
        assertFalse(event.getIsBase64Encoded());

        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
        assertEquals("POST", context.getHttp().getMethod());
        assertEquals("/jobs/abc", context.getHttp().getPath());
        assertEquals("HTTP/1.1", context.getHttp().getProtocol());
        assertEquals("127.0.0.1", context.getHttp().getSourceIp());
        assertEquals("jobline-test/1.0", context.getHttp().getUserAgent());
        assertEquals("$default", context.getRouteKey());
        assertEquals("$default", context.getStage());
        assertEquals(16, context.getRequestId().length());
        assertEquals("127.0.0.1", context.getDomainName());
        assertEquals(LocalLambdaContext.ACCOUNT_ID, context.getAccountId());
        assertTrue(context.getTimeEpoch() >= before && context.getTimeEpoch() <= System.currentTimeMillis());
        assertTrue(context.getTime().matches("\\d\\d/[A-Z][a-z]{2}/\\d{4}:\\d\\d:\\d\\d:\\d\\d \\+0000"),
                context.getTime());
    }

    @Test
    void leavesOutWhatTheRequestDoesNotHave() throws Exception {
        send(HttpRequest.newBuilder(server.url().resolve("/jobs")).GET());

        APIGatewayV2HTTPEvent event = seenEvent.get();
        assertEquals("", event.getRawQueryString());
        assertNull(event.getQueryStringParameters());
        assertNull(event.getCookies());
        assertNull(event.getBody());
        assertFalse(event.getIsBase64Encoded());
    }

    @Test
    void decodesTheRawPathAsHttpApisDo() throws Exception {
        send(HttpRequest.newBuilder(server.url().resolve("/files/a%20b")).GET());

        assertEquals("/files/a b", seenEvent.get().getRawPath());
    }

    @Test
    void base64EncodesBinaryBodiesAndDecodesBinaryResponses() throws Exception {
        byte[] image = {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff};
        respondWith(APIGatewayV2HTTPResponse.builder()
                .withStatusCode(200)
                .withHeaders(Map.of("Content-Type", "image/png"))
                .withBody(Base64.getEncoder().encodeToString(image))
                .withIsBase64Encoded(true)
                .build());

        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(server.url().resolve("/upload"))
                .header("Content-Type", "image/png")
                .POST(BodyPublishers.ofByteArray(image))
                .build(), BodyHandlers.ofByteArray());

        assertTrue(seenEvent.get().getIsBase64Encoded());
        assertArrayEquals(image, Base64.getDecoder().decode(seenEvent.get().getBody()));
        assertArrayEquals(image, response.body());
    }

    @Test
    void passesTextualBodiesAsText() {
        for (String type : List.of("text/plain", "application/problem+json", "application/x-www-form-urlencoded",
                "application/xml")) {
            assertTrue(ApiGatewayHttpServer.isTextual(type), type);
        }
        for (String type : List.of("application/octet-stream", "image/png", "multipart/form-data")) {
            assertFalse(ApiGatewayHttpServer.isTextual(type), type);
        }
        assertFalse(ApiGatewayHttpServer.isTextual(null));
    }

    @Test
    void writesStatusHeadersCookiesAndBodyOfTheResponse() throws Exception {
        respondWith(APIGatewayV2HTTPResponse.builder()
                .withStatusCode(201)
                .withHeaders(Map.of("Content-Type", "application/json", "Location", "/jobs/j1"))
                .withMultiValueHeaders(Map.of("Vary", List.of("Accept", "Origin")))
                .withCookies(List.of("session=s2; HttpOnly", "theme=light"))
                .withBody("{\"id\":\"j1\"}")
                .build());

        HttpResponse<String> response = send(HttpRequest.newBuilder(server.url().resolve("/jobs"))
                .POST(BodyPublishers.ofString("{}")));

        assertEquals(201, response.statusCode());
        assertEquals("/jobs/j1", response.headers().firstValue("location").orElseThrow());
        assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
        assertEquals(List.of("Accept", "Origin"), response.headers().allValues("vary"));
        assertEquals(List.of("session=s2; HttpOnly", "theme=light"), response.headers().allValues("set-cookie"));
        assertEquals(seenEvent.get().getRequestContext().getRequestId(),
                response.headers().firstValue("apigw-requestid").orElseThrow());
        assertEquals("{\"id\":\"j1\"}", response.body());
    }

    @Test
    void passesAStaticPageWithItsHeadersAndTheConditionalRequestHeader() throws Exception {
        respondWith(APIGatewayV2HTTPResponse.builder()
                .withStatusCode(200)
                .withHeaders(Map.of("Content-Type", "text/html; charset=utf-8", "ETag", "\"abc\"",
                        "Cache-Control", "no-cache", "Content-Security-Policy", "default-src 'none'"))
                .withBody("<!doctype html><p>Café</p>")
                .build());

        HttpResponse<String> response = send(HttpRequest.newBuilder(server.url().resolve("/dashboard/"))
                .header("If-None-Match", "\"old\"").GET());

        assertEquals("/dashboard/", seenEvent.get().getRawPath());
        assertEquals("\"old\"", seenEvent.get().getHeaders().get("if-none-match"));
        assertEquals(200, response.statusCode());
        assertEquals("text/html; charset=utf-8", response.headers().firstValue("content-type").orElseThrow());
        assertEquals("\"abc\"", response.headers().firstValue("etag").orElseThrow());
        assertEquals("no-cache", response.headers().firstValue("cache-control").orElseThrow());
        assertEquals("default-src 'none'", response.headers().firstValue("content-security-policy").orElseThrow());
        assertEquals("<!doctype html><p>Café</p>", response.body());
    }

    @Test
    void aNotModifiedAnswerHasItsHeadersAndNoBody() throws Exception {
        respondWith(APIGatewayV2HTTPResponse.builder()
                .withStatusCode(304)
                .withHeaders(Map.of("ETag", "\"abc\"", "Cache-Control", "no-cache"))
                .build());

        HttpResponse<String> response = send(HttpRequest.newBuilder(server.url().resolve("/dashboard/app.js"))
                .header("If-None-Match", "\"abc\"").GET());

        assertEquals(304, response.statusCode());
        assertEquals("\"abc\"", response.headers().firstValue("etag").orElseThrow());
        assertEquals("", response.body());
        assertTrue(response.headers().firstValue("content-length").isEmpty(), "a 304 has no body to measure");
    }

    @Test
    void aRedirectReachesTheClientWithItsLocation() throws Exception {
        respondWith(APIGatewayV2HTTPResponse.builder()
                .withStatusCode(308)
                .withHeaders(Map.of("Location", "/dashboard/"))
                .build());

        HttpResponse<String> response = send(HttpRequest.newBuilder(server.url().resolve("/")).GET());

        assertEquals("/", seenEvent.get().getRawPath());
        assertEquals(308, response.statusCode());
        assertEquals("/dashboard/", response.headers().firstValue("location").orElseThrow());
    }

    @Test
    void aThrowingHandlerGivesA500WithoutItsStackTrace() throws Exception {
        function.set((event, context) -> {
            throw new IllegalStateException("database password is hunter2");
        });

        HttpResponse<String> response = send(HttpRequest.newBuilder(server.url().resolve("/jobs")).GET());

        assertEquals(500, response.statusCode());
        assertEquals("{\"error\":{\"code\":\"internal_error\",\"message\":\"Internal server error\"}}",
                response.body());
        assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
    }

    @Test
    void aResponseWithoutStatusCodeGivesA500() throws Exception {
        function.set((event, context) -> null);
        assertEquals(500, send(HttpRequest.newBuilder(server.url().resolve("/jobs")).GET()).statusCode());

        respondWith(new APIGatewayV2HTTPResponse());
        assertEquals(500, send(HttpRequest.newBuilder(server.url().resolve("/jobs")).GET()).statusCode());
    }

    @Test
    void refusesBodiesOverTenMebibytesWithoutCallingTheFunction() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(server.url().resolve("/jobs"))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofByteArray(new byte[ApiGatewayHttpServer.MAX_BODY_BYTES + 1])));

        assertEquals(413, response.statusCode());
        assertTrue(response.body().startsWith("{\"error\":{\"code\":\"payload_too_large\",\"message\":"));
        assertEquals(0, invocations.get());
    }

    @Test
    void acceptsABodyOfExactlyTenMebibytes() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(server.url().resolve("/jobs"))
                .header("Content-Type", "application/octet-stream")
                .POST(BodyPublishers.ofByteArray(new byte[ApiGatewayHttpServer.MAX_BODY_BYTES])));

        assertEquals(200, response.statusCode());
        assertEquals(ApiGatewayHttpServer.MAX_BODY_BYTES,
                Base64.getDecoder().decode(seenEvent.get().getBody()).length);
    }

    @Test
    void servesLocalRoutesBeforeTheFunction() throws Exception {
        HttpResponse<String> mail =
                send(HttpRequest.newBuilder(server.url().resolve("/_local/mail?to=ann%40example.com")).GET());
        assertEquals(200, mail.statusCode());
        assertEquals("{\"to\":\"ann@example.com\"}", mail.body());
        assertEquals("application/json", mail.headers().firstValue("content-type").orElseThrow());
        assertEquals(0, invocations.get());

        send(HttpRequest.newBuilder(server.url().resolve("/_local/mail")).POST(BodyPublishers.noBody()));
        assertEquals(1, invocations.get(), "another method on the same path is the function's");
    }

    @Test
    void givesEachInvocationItsOwnLambdaContext() throws Exception {
        send(HttpRequest.newBuilder(server.url().resolve("/jobs")).GET());
        Context first = seenContext.get();
        send(HttpRequest.newBuilder(server.url().resolve("/jobs")).GET());
        Context second = seenContext.get();

        assertNotEquals(first.getAwsRequestId(), second.getAwsRequestId());
        assertEquals("jobline-api", second.getFunctionName());
        assertTrue(second.getRemainingTimeInMillis() > 28_000 && second.getRemainingTimeInMillis() <= 29_000);
    }

    @Test
    void runsAsManyRequestsAtOnceAsItHasThreads() throws Exception {
        int threads = 6;
        CountDownLatch allInside = new CountDownLatch(threads);
        try (ApiGatewayHttpServer narrow = ApiGatewayHttpServer.builder((event, context) -> {
                    allInside.countDown();
                    await(allInside);
                    return APIGatewayV2HTTPResponse.builder().withStatusCode(204).build();
                })
                .threads(threads)
                .start()) {

            List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                responses.add(http.sendAsync(HttpRequest.newBuilder(narrow.url()).build(), BodyHandlers.ofString()));
            }

            for (CompletableFuture<HttpResponse<String>> response : responses) {
                assertEquals(204, response.get(5, TimeUnit.SECONDS).statusCode());
            }
        }
    }

    /** The function never returns, so a close that waited for it would hang: the guard fails the test then. */
    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void closesEvenWithARequestInFlight() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        ApiGatewayHttpServer busy = ApiGatewayHttpServer.builder((event, context) -> {
                    inside.countDown();
                    await(new CountDownLatch(1));
                    return null;
                })
                .start();
        http.sendAsync(HttpRequest.newBuilder(busy.url()).build(), BodyHandlers.discarding());
        assertTrue(inside.await(5, TimeUnit.SECONDS));

        busy.close();
    }

    private void respondWith(APIGatewayV2HTTPResponse response) {
        function.set((event, context) -> {
            invocations.incrementAndGet();
            seenEvent.set(event);
            seenContext.set(context);
            return response;
        });
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), BodyHandlers.ofString());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
