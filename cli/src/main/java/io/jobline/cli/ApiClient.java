package io.jobline.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/** The few routes of the Jobline API the CLI uses, over {@code java.net.http}. */
final class ApiClient {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final String baseUrl;
    private final Optional<String> apiKey;

    ApiClient(HttpClient http, String baseUrl, Optional<String> apiKey) {
        this.http = http;
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.apiKey = apiKey;
    }

    /** The raw body and its parsed JSON. */
    record Answer(int status, String body, JsonNode json) {
    }

    Answer get(String path, Map<String, String> query) throws ApiException {
        return send(request(path + queryString(query)).GET());
    }

    Answer post(String path, String jsonBody) throws ApiException {
        HttpRequest.Builder request = request(path);
        if (jsonBody == null) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8));
        }
        return send(request);
    }

    static String pathSegment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String queryString(Map<String, String> query) {
        if (query.isEmpty()) {
            return "";
        }
        StringJoiner joined = new StringJoiner("&", "?", "");
        query.forEach((name, value) -> joined.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return joined.toString();
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .timeout(TIMEOUT)
                .header("Accept", "application/json")
                .header("User-Agent", "jobline-cli");
        apiKey.ifPresent(key -> request.header("Authorization", "Bearer " + key));
        return request;
    }

    private Answer send(HttpRequest.Builder request) throws ApiException {
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ApiException(0, "connection_failed",
                    "cannot reach " + baseUrl + ": " + (e.getMessage() == null ? e.getClass().getSimpleName()
                            : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(0, "interrupted", "interrupted");
        }
        JsonNode json = null;
        try {
            json = response.body().isEmpty() ? null : MAPPER.readTree(response.body());
        } catch (JsonProcessingException e) {
            // not JSON: handled below
        }
        if (response.statusCode() >= 400) {
            JsonNode error = json == null ? null : json.get("error");
            if (error != null && error.isObject()) {
                String message = error.path("message").asText("");
                JsonNode details = error.get("details");
                if (details != null && details.isArray()) {
                    StringBuilder text = new StringBuilder(message);
                    for (JsonNode detail : details) {
                        text.append("\n  ").append(detail.path("field").asText("?")).append(": ")
                                .append(detail.path("message").asText(""));
                    }
                    message = text.toString();
                }
                throw new ApiException(response.statusCode(), error.path("code").asText("error"), message);
            }
            throw new ApiException(response.statusCode(), "http_" + response.statusCode(),
                    Table.truncate(response.body(), 200));
        }
        if (json == null) {
            throw new ApiException(response.statusCode(), "unexpected_response",
                    "expected JSON, got: " + Table.truncate(response.body(), 200));
        }
        return new Answer(response.statusCode(), response.body(), json);
    }
}
