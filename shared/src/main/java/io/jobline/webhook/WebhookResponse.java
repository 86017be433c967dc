package io.jobline.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobline.Json;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the server answered: the status, a few headers worth keeping, and the start of the body as text. The body is
 * read up to {@value #EXCERPT_BYTES} bytes and the connection dropped after that, so a huge or endless answer costs
 * nothing.
 */
public record WebhookResponse(int status, Map<String, String> headers, String bodyExcerpt) {

    public static final int EXCERPT_BYTES = 1024;

    /** The response headers a result keeps (lower case): enough to see what came back, never cookies. */
    public static final List<String> KEPT_HEADERS =
            List.of("content-type", "content-length", "location", "retry-after", "etag", "x-request-id");

    private static final int MAX_HEADER_VALUE_LENGTH = 256;

    public WebhookResponse {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    static WebhookResponse of(int status, HttpHeaders received, String bodyExcerpt) {
        Map<String, String> kept = new LinkedHashMap<>();
        for (String name : KEPT_HEADERS) {
            received.firstValue(name).ifPresent(value -> kept.put(name, value.length() > MAX_HEADER_VALUE_LENGTH
                    ? value.substring(0, MAX_HEADER_VALUE_LENGTH) : value));
        }
        return new WebhookResponse(status, kept, bodyExcerpt);
    }

    public boolean isSuccess() {
        return status >= 200 && status <= 299;
    }

    /**
     * How long the server asked us to wait ({@code Retry-After}: seconds or an HTTP date), or empty when it did not
     * say or said something unreadable.
     */
    public Optional<Duration> retryAfter(Instant now) {
        String value = headers.get("retry-after");
        if (value == null) {
            return Optional.empty();
        }
        value = value.strip();
        if (value.matches("[0-9]{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The job result: {@code {"status": 200, "headers": {...}, "bodyExcerpt": "..."}}. */
    public ObjectNode toJson() {
        ObjectNode json = Json.MAPPER.createObjectNode().put("status", status);
        ObjectNode headerJson = json.putObject("headers");
        headers.forEach(headerJson::put);
        json.put("bodyExcerpt", bodyExcerpt);
        return json;
    }
}
