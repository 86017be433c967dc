package io.jobline.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jobline.Json;
import io.jobline.JsonObjectReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One HTTP POST to make: a validated {@code webhook.post} payload, or a completion callback.
 *
 * <p>{@code headers} hold the request headers, {@code Content-Type} included when there is a body. The body is the
 * payload's {@code body} serialized as JSON ({@code application/json}, the default), or, when the payload's headers
 * set a non-JSON {@code Content-Type} such as {@code text/plain}, its {@code body} string sent as it is.
 */
public record Webhook(URI url, Map<String, String> headers, Optional<String> body, Duration timeout) {

    public static final int MAX_HEADERS = 50;
    public static final int MAX_HEADER_NAME_LENGTH = 256;
    public static final int MAX_HEADER_VALUE_LENGTH = 8192;
    public static final int MAX_BODY_BYTES = 256 * 1024;
    public static final int DEFAULT_TIMEOUT_SECONDS = 10;
    public static final int MAX_TIMEOUT_SECONDS = 30;

    private static final Set<String> FIELDS = Set.of("url", "method", "headers", "body", "timeoutSeconds");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    /**
     * Headers a payload may not set: they describe the connection or the message framing, which the HTTP client owns
     * ({@code Host}, {@code Content-Length}, hop-by-hop headers), so overriding them could smuggle a second request or
     * reach another virtual host than the URL names.
     */
    private static final Set<String> RESERVED_HEADERS = Set.of("host", "content-length", "transfer-encoding",
            "connection", "keep-alive", "proxy-connection", "proxy-authorization", "proxy-authenticate", "te",
            "trailer", "upgrade", "expect", "http2-settings");

    public Webhook {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** Reads a {@code webhook.post} payload, reporting every invalid field under {@code payload.}. */
    public static Webhook fromPayload(JsonNode payload, AddressPolicy policy) {
        JsonObjectReader reader = JsonObjectReader.of(payload, "payload");
        reader.rejectUnknownFields(FIELDS);
        String urlText = reader.requiredString("url", 1, WebhookUrl.MAX_LENGTH);
        URI url = null;
        if (urlText != null) {
            Optional<String> problem = WebhookUrl.problem(urlText, policy);
            problem.ifPresent(message -> reader.error("url", message));
            url = problem.isEmpty() ? WebhookUrl.parse(urlText) : null;
        }
        reader.optionalString("method", 16).filter(method -> !method.equals("POST")).ifPresent(method ->
                reader.error("method", "must be \"POST\" (the only method webhooks use), got \"" + method + "\""));
        Map<String, String> headers = headers(reader, payload.get("headers"));
        int timeoutSeconds = reader.optionalInt("timeoutSeconds", 1, MAX_TIMEOUT_SECONDS, DEFAULT_TIMEOUT_SECONDS);
        Optional<String> body = body(reader, payload.get("body"), headers);
        reader.throwIfInvalid();
        return new Webhook(url, headers, body, Duration.ofSeconds(timeoutSeconds));
    }

    /** The value of header {@code name}, whatever its case. */
    public Optional<String> header(String name) {
        return header(headers, name);
    }

    private static Map<String, String> headers(JsonObjectReader reader, JsonNode node) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return headers;
        }
        if (!node.isObject()) {
            reader.error("headers", "must be a JSON object of header names to string values");
            return headers;
        }
        if (node.size() > MAX_HEADERS) {
            reader.error("headers", "must have at most " + MAX_HEADERS + " headers, got " + node.size());
            return headers;
        }
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String name = field.getKey();
            String path = "headers." + name;
            String lower = name.toLowerCase(Locale.ROOT);
            if (name.length() > MAX_HEADER_NAME_LENGTH || !TOKEN.matcher(name).matches()) {
                reader.error("headers", "has an invalid header name '" + printable(name) + "'");
            } else if (RESERVED_HEADERS.contains(lower)) {
                reader.error(path, "cannot be set: the HTTP client sets " + name + " itself");
            } else if (!seen.add(lower)) {
                reader.error(path, "is given twice (header names are case-insensitive)");
            } else if (!field.getValue().isTextual()) {
                reader.error(path, "must be a string");
            } else {
                String value = field.getValue().textValue();
                if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                    reader.error(path, "must not contain CR or LF (header injection)");
                } else if (value.chars().anyMatch(c -> (c < 0x20 || c > 0x7e) && c != '\t')) {
                    reader.error(path, "must be printable ASCII (no control characters; encode other text)");
                } else if (value.length() > MAX_HEADER_VALUE_LENGTH) {
                    reader.error(path, "must be at most " + MAX_HEADER_VALUE_LENGTH + " characters");
                } else {
                    headers.put(name, value);
                }
            }
        }
        return headers;
    }

    private static Optional<String> body(JsonObjectReader reader, JsonNode node, Map<String, String> headers) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        Optional<String> contentType = header(headers, "Content-Type");
        String text;
        if (contentType.isEmpty() || isJson(contentType.get())) {
            try {
                text = Json.MAPPER.writeValueAsString(node);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("A parsed JSON tree always serializes", e);
            }
            if (contentType.isEmpty()) {
                headers.put("Content-Type", "application/json");
            }
        } else if (node.isTextual()) {
            text = node.textValue();
        } else {
            reader.error("body", "must be a string when Content-Type is '" + contentType.get()
                    + "' (any JSON value is sent as application/json)");
            return Optional.empty();
        }
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BODY_BYTES) {
            reader.error("body", "must be at most " + MAX_BODY_BYTES + " bytes, got " + bytes);
            return Optional.empty();
        }
        return Optional.of(text);
    }

    /** {@code application/json} and the {@code +json} types such as {@code application/cloudevents+json}. */
    static boolean isJson(String contentType) {
        String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json") || mediaType.startsWith("application/")
                && mediaType.endsWith("+json");
    }

    private static Optional<String> header(Map<String, String> headers, String name) {
        return headers.entrySet().stream()
                .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    private static String printable(String text) {
        String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
