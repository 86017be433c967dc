package io.jobline.api;

import java.util.Map;

/** An HTTP-level refusal (no such route, wrong method, body too large, not JSON) with its status and error code. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final Map<String, String> headers;

    public ApiException(int status, String code, String message, Map<String, String> headers) {
        super(message);
        this.status = status;
        this.code = code;
        this.headers = Map.copyOf(headers);
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(401, "unauthorized", message, Map.of("WWW-Authenticate", "Bearer realm=\"jobline\""));
    }

    public static ApiException routeNotFound(String method, String path) {
        return new ApiException(404, "route_not_found", "No route for " + method + " " + abbreviate(path), Map.of());
    }

    public static ApiException methodNotAllowed(String method, String allowed) {
        return new ApiException(405, "method_not_allowed",
                "Method " + abbreviate(method) + " is not allowed here; allowed: " + allowed, Map.of("Allow", allowed));
    }

    public static ApiException payloadTooLarge(int limitBytes) {
        return new ApiException(413, "payload_too_large",
                "Request bodies are limited to " + limitBytes / 1024 + " KiB", Map.of());
    }

    public static ApiException unsupportedMediaType(String contentType) {
        return new ApiException(415, "unsupported_media_type",
                "Send JSON with Content-Type: application/json (got " + abbreviate(contentType) + ")", Map.of());
    }

    public static ApiException malformedJson(String problem) {
        return new ApiException(400, "malformed_json", "The body is not valid JSON: " + problem, Map.of());
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, String> headers() {
        return headers;
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "none";
        }
        return text.length() > 100 ? text.substring(0, 100) + "..." : text;
    }
}
