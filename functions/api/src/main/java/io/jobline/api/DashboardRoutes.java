package io.jobline.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The browser dashboard, without an API key (the page asks for one and sends it to the API itself): static files from
 * the jar's {@code /dashboard/} directory. {@code GET /} and {@code GET /dashboard} redirect to {@code /dashboard/}
 * (its module scripts use relative URLs, which need the slash), {@code GET /dashboard/} is {@code index.html}, and
 * {@code GET /dashboard/{file}} is that file, named in lower case with one of a few extensions; anything else is a 404.
 *
 * <p>Files are read on first request and kept, not read at init: the API function's cold start should not pay for a
 * page most invocations never serve. {@code no-cache} with an ETag makes a browser revalidate every time, so a deploy
 * is seen at once, and a 304 costs no body.
 */
final class DashboardRoutes {

    static final String DEFAULT_ROOT = "/dashboard/";
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    /** On every answer of these routes, redirects and 304s included. */
    static final Map<String, String> SECURITY_HEADERS = Map.of(
            "Content-Security-Policy", CONTENT_SECURITY_POLICY,
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer");

    /** No path separators, no dot files, nothing but what a dashboard ships: a name never walks out of the root. */
    private static final Pattern FILE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]*\\.(html|css|js|svg|png|ico)");
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "svg", "image/svg+xml; charset=utf-8",
            "png", "image/png",
            "ico", "image/x-icon");

    /** One file as served: its bytes, how to label them, and their ETag. */
    private record File(byte[] content, String contentType, String etag) {

        boolean isText() {
            return contentType.contains("charset=");
        }
    }

    private final String root;
    /** Only files that exist: a miss is not kept, so requests for made-up names cannot fill the memory. */
    private final ConcurrentMap<String, File> files = new ConcurrentHashMap<>();

    DashboardRoutes() {
        this(DEFAULT_ROOT);
    }

    /** @param root the classpath directory of the files, ending in a slash; tests use a fixture directory */
    DashboardRoutes(String root) {
        if (!root.startsWith("/") || !root.endsWith("/")) {
            throw new IllegalArgumentException("root must start and end with '/': " + root);
        }
        this.root = root;
    }

    void register(Router router) {
        router.add("GET", "/", call -> redirect("/dashboard/"));
        router.add("GET", "/dashboard", call -> redirect("/dashboard/"));
        router.add("GET", "/dashboard/", call -> serve(call, "index.html"));
        router.add("GET", "/dashboard/{file}", call -> serve(call, call.pathParam("file")));
    }

    /** How many files have been read so far. */
    int filesRead() {
        return files.size();
    }

    private APIGatewayV2HTTPResponse serve(ApiCall call, String name) {
        File file = find(name).orElseThrow(() -> ApiException.routeNotFound("GET", call.request().path()));
        Map<String, String> headers = new HashMap<>(SECURITY_HEADERS);
        headers.put("Cache-Control", "no-cache");
        headers.put("ETag", file.etag());
        if (call.header("if-none-match").filter(tags -> matches(tags, file.etag())).isPresent()) {
            return APIGatewayV2HTTPResponse.builder().withStatusCode(304).withHeaders(headers).build();
        }
        headers.put("Content-Type", file.contentType());
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(200)
                .withHeaders(headers)
                .withBody(file.isText()
                        ? new String(file.content(), StandardCharsets.UTF_8)
                        : Base64.getEncoder().encodeToString(file.content()))
                .withIsBase64Encoded(!file.isText())
                .build();
    }

    private Optional<File> find(String name) {
        Matcher valid = FILE_NAME.matcher(name);
        if (!valid.matches()) {
            return Optional.empty();
        }
        File known = files.get(name);
        if (known != null) {
            return Optional.of(known);
        }
        return read(root + name).map(content -> files.computeIfAbsent(name,
                key -> new File(content, CONTENT_TYPES.get(valid.group(1)), etag(content))));
    }

    private static Optional<byte[]> read(String resource) {
        try (InputStream in = DashboardRoutes.class.getResourceAsStream(resource)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + resource + " from the jar", e);
        }
    }

    /** A strong ETag from the content alone, so every instance of the function gives the same one. */
    private static String etag(byte[] content) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(content);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, 16)) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }

    /** RFC 9110 If-None-Match: {@code *}, or a list of tags compared weakly (a {@code W/} prefix is ignored). */
    private static boolean matches(String ifNoneMatch, String etag) {
        for (String tag : ifNoneMatch.split(",")) {
            String candidate = tag.strip();
            if (candidate.equals("*") || candidate.replaceFirst("^W/", "").equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private static APIGatewayV2HTTPResponse redirect(String location) {
        Map<String, String> headers = new HashMap<>(SECURITY_HEADERS);
        headers.put("Location", location);
        // 308, not 301: the method is kept, and no client rewrites it to GET.
        return APIGatewayV2HTTPResponse.builder().withStatusCode(308).withHeaders(headers).build();
    }
}
