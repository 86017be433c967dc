package io.jobline.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The parts of an API Gateway HTTP API (payload 2.0) event the routes use; header names are lower case there. */
record HttpRequest(String method, String path, Map<String, String> headers, Map<String, String> query, byte[] body) {

    static HttpRequest from(APIGatewayV2HTTPEvent event) {
        String method = event.getRequestContext() != null && event.getRequestContext().getHttp() != null
                ? event.getRequestContext().getHttp().getMethod()
                : "GET";
        String path = event.getRawPath() == null ? "/" : event.getRawPath();
        Map<String, String> headers = event.getHeaders() == null ? Map.of() : event.getHeaders();
        byte[] body;
        if (event.getBody() == null) {
            body = new byte[0];
        } else if (event.getIsBase64Encoded()) {
            try {
                body = Base64.getDecoder().decode(event.getBody());
            } catch (IllegalArgumentException e) {
                throw ApiException.malformedJson("body is not valid base64");
            }
        } else {
            body = event.getBody().getBytes(StandardCharsets.UTF_8);
        }
        Map<String, String> query =
                event.getQueryStringParameters() == null ? Map.of() : event.getQueryStringParameters();
        return new HttpRequest(method.toUpperCase(Locale.ROOT), path, headers, query, body);
    }

    Optional<String> header(String lowerCaseName) {
        String value = headers.get(lowerCaseName);
        if (value == null) {
            // API Gateway lower-cases names; other callers (tests, proxies) may not.
            for (Map.Entry<String, String> header : headers.entrySet()) {
                if (header.getKey().equalsIgnoreCase(lowerCaseName)) {
                    return Optional.ofNullable(header.getValue());
                }
            }
        }
        return Optional.ofNullable(value);
    }
}
