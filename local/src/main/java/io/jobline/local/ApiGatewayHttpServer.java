package io.jobline.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a Lambda handler over HTTP the way an API Gateway HTTP API with a {@code $default} route and payload format
 * 2.0 calls it, so the function runs locally unchanged.
 */
public final class ApiGatewayHttpServer implements AutoCloseable {

    /** API Gateway refuses larger payloads before the function sees them. */
    public static final int MAX_BODY_BYTES = 10 * 1024 * 1024;

    public static final int DEFAULT_THREADS = 64;

    /** Past this a refused body is not read to its end; the connection is closed instead. */
    private static final long MAX_DRAIN_BYTES = 64L * 1024 * 1024;

    private static final Set<String> SERVER_OWNED_HEADERS = Set.of("content-length", "transfer-encoding", "connection");
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger log = LoggerFactory.getLogger(ApiGatewayHttpServer.class);

    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler;
    private final String functionName;
    private final Duration timeout;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, LocalRoute> localRoutes = new ConcurrentHashMap<>();

    private ApiGatewayHttpServer(Builder builder) {
        this.handler = builder.handler;
        this.functionName = builder.functionName;
        this.timeout = builder.timeout;
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), builder.port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not listen on 127.0.0.1:" + builder.port, e);
        }
        this.executor = Executors.newFixedThreadPool(
                builder.threads, Thread.ofPlatform().name("api-gateway-", 1).daemon().factory());
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public static Builder builder(RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {
        return new Builder(handler);
    }

    /** Serves {@code route} for exactly {@code method} and {@code path}, ahead of the function. */
    public ApiGatewayHttpServer addRoute(String method, String path, LocalRoute route) {
        localRoutes.put(routeKey(method, path), route);
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(500, TimeUnit.MILLISECONDS)) {
                log.warn("{} requests still running after close; abandoning them", functionName);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            String requestId = newRequestId();
            Reply reply = answer(exchange, requestId);
            exchange.getResponseHeaders().putAll(reply.headers());
            exchange.getResponseHeaders().set("apigw-requestid", requestId);
            boolean noBody = reply.body().length == 0
                    || exchange.getRequestMethod().equals("HEAD")
                    || reply.status() < 200
                    || reply.status() == 204
                    || reply.status() == 304;
            exchange.sendResponseHeaders(reply.status(), noBody ? -1 : reply.body().length);
            if (!noBody) {
                exchange.getResponseBody().write(reply.body());
            }
        } catch (IOException e) {
            log.debug("Client went away before its response was written: {}", e.toString());
        }
    }

    private Reply answer(HttpExchange exchange, String requestId) throws IOException {
        try {
            byte[] body = readBody(exchange);
            if (body == null) {
                return Reply.error(413, "payload_too_large", "Request body exceeds " + MAX_BODY_BYTES + " bytes");
            }
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            LocalRoute route = localRoutes.get(routeKey(method, path));
            if (route != null) {
                LocalRoute.Response response = route.handle(new LocalRoute.Request(method, path,
                        queryParameters(exchange.getRequestURI().getRawQuery()),
                        new String(body, StandardCharsets.UTF_8)));
                return Reply.json(response.status(), response.json());
            }
            return invoke(toEvent(exchange, body, requestId), requestId);
        } catch (IOException e) {
            throw e; // the client is gone: there is no one to answer
        } catch (Exception e) {
            log.error("Could not serve {} {} (request {})", exchange.getRequestMethod(), exchange.getRequestURI(),
                    requestId, e);
            return Reply.INTERNAL_ERROR;
        }
    }

    /** @return the body, or null when it is over API Gateway's limit */
    private static byte[] readBody(HttpExchange exchange) throws IOException {
        InputStream in = exchange.getRequestBody();
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared == null || Long.parseLong(declared.strip()) <= MAX_BODY_BYTES) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length <= MAX_BODY_BYTES) {
                return body;
            }
        }
        drain(in);
        return null;
    }

    /** Reading what the client still sends lets it see the 413 rather than a reset; past a bound we hang up. */
    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long drained = 0;
        for (int read; drained < MAX_DRAIN_BYTES && (read = in.read(buffer)) > 0; ) {
            drained += read;
        }
    }

    private Reply invoke(APIGatewayV2HTTPEvent event, String requestId) {
        APIGatewayV2HTTPResponse response;
        try {
            response = handler.handleRequest(event, new LocalLambdaContext(functionName, timeout));
        } catch (Throwable e) { // the Lambda runtime turns any Throwable into a failed invocation; so do we
            log.error("{} failed on {} {} (request {})", functionName, event.getRequestContext().getHttp().getMethod(),
                    event.getRawPath(), requestId, e);
            return Reply.INTERNAL_ERROR;
        }
        if (response == null || response.getStatusCode() < 100 || response.getStatusCode() > 599) {
            // API Gateway answers 500 when the function's response has no usable status code.
            log.error("{} returned no valid status code on {} {} (request {})", functionName,
                    event.getRequestContext().getHttp().getMethod(), event.getRawPath(), requestId);
            return Reply.INTERNAL_ERROR;
        }
        return fromResponse(response);
    }

    private static Reply fromResponse(APIGatewayV2HTTPResponse response) {
        Headers headers = new Headers();
        if (response.getHeaders() != null) {
            response.getHeaders().forEach(headers::add);
        }
        if (response.getMultiValueHeaders() != null) {
            response.getMultiValueHeaders().forEach((name, values) -> values.forEach(v -> headers.add(name, v)));
        }
        if (response.getCookies() != null) {
            response.getCookies().forEach(cookie -> headers.add("Set-Cookie", cookie));
        }
        headers.keySet().removeIf(name -> SERVER_OWNED_HEADERS.contains(name.toLowerCase(Locale.ROOT)));
        String body = response.getBody() == null ? "" : response.getBody();
        byte[] bytes = response.getIsBase64Encoded()
                ? Base64.getDecoder().decode(body)
                : body.getBytes(StandardCharsets.UTF_8);
        return new Reply(response.getStatusCode(), headers, bytes);
    }

    private APIGatewayV2HTTPEvent toEvent(HttpExchange exchange, byte[] body, String requestId) {
        Instant now = Instant.now();
        URI uri = exchange.getRequestURI();
        // HTTP APIs hand the function a percent-decoded rawPath but leave rawQueryString as sent.
        String path = uri.getPath();
        String rawQuery = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        String sourceIp = exchange.getRemoteAddress().getAddress().getHostAddress();

        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            String lowerName = name.toLowerCase(Locale.ROOT);
            if (lowerName.equals("cookie")) {
                values.forEach(value -> cookies.addAll(splitCookies(value)));
            } else {
                headers.put(lowerName, String.join(",", values));
            }
        });
        headers.putIfAbsent("x-forwarded-for", sourceIp);
        headers.putIfAbsent("x-forwarded-port", Integer.toString(port()));
        headers.putIfAbsent("x-forwarded-proto", "http");
        headers.putIfAbsent("x-amzn-trace-id", newTraceId(now));
        String domainName = domainName(headers.get("host"));
        boolean textual = isTextual(headers.get("content-type"));

        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("$default")
                .withRawPath(path)
                .withRawQueryString(rawQuery)
                .withCookies(cookies.isEmpty() ? null : cookies)
                .withHeaders(headers)
                .withQueryStringParameters(rawQuery.isEmpty() ? null : queryParameters(rawQuery))
                .withBody(body.length == 0 ? null : textual ? new String(body, StandardCharsets.UTF_8)
                        : Base64.getEncoder().encodeToString(body))
                .withIsBase64Encoded(body.length > 0 && !textual)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withAccountId(LocalLambdaContext.ACCOUNT_ID)
                        .withApiId("local")
                        .withDomainName(domainName)
                        .withDomainPrefix(domainName.split("\\.", 2)[0])
                        .withRequestId(requestId)
                        .withRouteKey("$default")
                        .withStage("$default")
                        .withTime(REQUEST_TIME.format(now))
                        .withTimeEpoch(now.toEpochMilli())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(exchange.getRequestMethod())
                                .withPath(path)
                                .withProtocol(exchange.getProtocol())
                                .withSourceIp(sourceIp)
                                .withUserAgent(headers.getOrDefault("user-agent", ""))
                                .build())
                        .build())
                .build();
    }

    /** Repeated names keep all their values, joined with commas, as payload format 2.0 does. */
    private static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            parameters.merge(name, value, (first, next) -> first + "," + next);
        }
        return parameters;
    }

    private static List<String> splitCookies(String header) {
        List<String> cookies = new ArrayList<>();
        for (String cookie : header.split(";")) {
            if (!cookie.isBlank()) {
                cookies.add(cookie.strip());
            }
        }
        return cookies;
    }

    /** API Gateway passes these as text and everything else base64-encoded. */
    static boolean isTextual(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.startsWith("text/")
                || type.endsWith("/json")
                || type.endsWith("+json")
                || type.endsWith("/xml")
                || type.endsWith("+xml")
                || type.equals("application/x-www-form-urlencoded")
                || type.equals("application/javascript");
    }

    private static String domainName(String host) {
        if (host == null || host.isBlank()) {
            return "localhost";
        }
        int colon = host.lastIndexOf(':');
        return colon > 0 && !host.endsWith("]") ? host.substring(0, colon) : host;
    }

    private static String routeKey(String method, String path) {
        return method.toUpperCase(Locale.ROOT) + " " + path;
    }

    /** Shaped like API Gateway's: 16 base64 characters. */
    private static String newRequestId() {
        byte[] random = new byte[10];
        ThreadLocalRandom.current().nextBytes(random);
        return Base64.getEncoder().encodeToString(random);
    }

    private static String newTraceId(Instant now) {
        byte[] random = new byte[12];
        ThreadLocalRandom.current().nextBytes(random);
        return "Root=1-%08x-%s".formatted(now.getEpochSecond(), HexFormat.of().formatHex(random));
    }

    private record Reply(int status, Map<String, List<String>> headers, byte[] body) {

        static final Reply INTERNAL_ERROR = error(500, "internal_error", "Internal server error");

        static Reply json(int status, String json) {
            return new Reply(status, Map.of("Content-Type", List.of("application/json")),
                    json.getBytes(StandardCharsets.UTF_8));
        }

        static Reply error(int status, String code, String message) {
            var error = JSON.createObjectNode();
            error.putObject("error").put("code", code).put("message", message);
            return json(status, error.toString());
        }
    }

    public static final class Builder {

        private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler;
        private int port;
        private int threads = DEFAULT_THREADS;
        private String functionName = "jobline-api";
        private Duration timeout = Duration.ofSeconds(30);

        private Builder(RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {
            this.handler = handler;
        }

        /** 0, the default, picks a free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** How many requests run at once, each on its own platform thread, as concurrent Lambda instances would. */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1: " + threads);
            }
            this.threads = threads;
            return this;
        }

        public Builder functionName(String functionName) {
            this.functionName = functionName;
            return this;
        }

        /** What {@link LocalLambdaContext#getRemainingTimeInMillis()} counts down from. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public ApiGatewayHttpServer start() {
            return new ApiGatewayHttpServer(this);
        }
    }
}
