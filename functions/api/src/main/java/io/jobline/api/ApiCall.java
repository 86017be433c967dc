package io.jobline.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jobline.JobId;
import io.jobline.Json;
import io.jobline.TenantId;
import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** One authenticated request matched to a route: the request, the caller's tenant and the path parameters. */
record ApiCall(HttpRequest request, TenantId tenant, Map<String, String> pathParams) {

    static final int MAX_BODY_BYTES = 256 * 1024;

    String pathParam(String name) {
        return pathParams.get(name);
    }

    JobId jobId() {
        return JobId.parse(pathParam("id"));
    }

    Optional<String> query(String name) {
        return Optional.ofNullable(request.query().get(name)).filter(value -> !value.isEmpty());
    }

    Optional<String> header(String lowerCaseName) {
        return request.header(lowerCaseName);
    }

    /** The body as JSON: 413 over 256 KiB, 415 unless sent as JSON, 400 when it does not parse. */
    JsonNode jsonBody() {
        if (request.body().length > MAX_BODY_BYTES) {
            throw ApiException.payloadTooLarge(MAX_BODY_BYTES);
        }
        String contentType = request.header("content-type").orElse(null);
        if (!isJson(contentType)) {
            throw ApiException.unsupportedMediaType(contentType);
        }
        if (request.body().length == 0) {
            throw ApiException.malformedJson("the body is empty");
        }
        try {
            JsonNode body = Json.MAPPER.readTree(request.body());
            if (body == null || body.isMissingNode()) {
                throw ApiException.malformedJson("the body is empty");
            }
            return body;
        } catch (JacksonException e) {
            throw ApiException.malformedJson(e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.malformedJson("unreadable body");
        }
    }

    /** A JSON body when one was sent, else an empty object: for actions whose body is optional. */
    JsonNode optionalJsonBody() {
        return request.body().length == 0 ? Json.MAPPER.createObjectNode() : jsonBody();
    }

    static APIGatewayV2HTTPResponse json(int status, JsonNode body) {
        return json(status, body, Map.of());
    }

    static APIGatewayV2HTTPResponse json(int status, JsonNode body, Map<String, String> headers) {
        Map<String, String> allHeaders = new HashMap<>(headers);
        allHeaders.put("Content-Type", "application/json");
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status)
                .withHeaders(allHeaders)
                .withBody(body.toString())
                .build();
    }

    static APIGatewayV2HTTPResponse noContent() {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(204).withHeaders(new HashMap<>()).build();
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json")
                || mediaType.startsWith("application/") && mediaType.endsWith("+json");
    }
}
