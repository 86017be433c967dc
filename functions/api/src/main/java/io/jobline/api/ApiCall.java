package io.jobline.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jobline.JobId;
import io.jobline.Json;
import io.jobline.TenantId;
import io.jobline.ValidationException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
        JobId id = JobId.parse(pathParam("id"));
        RequestLog.job(id);
        return id;
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
            List<ValidationException.FieldError> unstorable = new ArrayList<>();
            findUnstorableText(body, "", unstorable);
            if (!unstorable.isEmpty()) {
                throw ValidationException.invalidFields(unstorable);
            }
            return body;
        } catch (com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
            // Raised for text after the JSON value; its message names Jackson's classes, which clients need not see.
            throw ApiException.malformedJson("unexpected content after the JSON value");
        } catch (JacksonException e) {
            throw ApiException.malformedJson(e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.malformedJson("unreadable body");
        }
    }

    /** Every string (and field name) in the body must survive PostgreSQL unchanged. */
    private static void findUnstorableText(JsonNode node, String path, List<ValidationException.FieldError> found) {
        if (found.size() >= 10) {
            return;
        }
        if (node.isTextual()) {
            String problem = Json.unstorable(node.textValue());
            if (problem != null) {
                found.add(new ValidationException.FieldError(path.isEmpty() ? "(body)" : path, problem));
            }
        } else if (node.isObject()) {
            for (var fields = node.fields(); fields.hasNext(); ) {
                var field = fields.next();
                String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                String problem = Json.unstorable(field.getKey());
                if (problem != null) {
                    found.add(new ValidationException.FieldError("(field name)", problem));
                    continue;
                }
                findUnstorableText(field.getValue(), fieldPath, found);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                findUnstorableText(node.get(i), path + "[" + i + "]", found);
            }
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
