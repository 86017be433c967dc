package io.jobline.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jobline.Job;
import io.jobline.JobId;
import io.jobline.Json;
import io.jobline.TenantId;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/** Matches a request to its use case and shapes the answer. Every route needs an API key. */
final class Routes {

    static final int MAX_BODY_BYTES = 256 * 1024;
    private static final String JOBS = "/jobs";
    private static final String JOBS_PREFIX = "/jobs/";

    private final Authenticator authenticator;
    private final SubmitJob submitJob;
    private final GetJob getJob;

    Routes(Authenticator authenticator, SubmitJob submitJob, GetJob getJob) {
        this.authenticator = authenticator;
        this.submitJob = submitJob;
        this.getJob = getJob;
    }

    APIGatewayV2HTTPResponse handle(HttpRequest request) {
        TenantId tenant = authenticator.authenticate(request.header("authorization"));
        String path = request.path().length() > 1 && request.path().endsWith("/")
                ? request.path().substring(0, request.path().length() - 1)
                : request.path();
        if (path.equals(JOBS)) {
            requireMethod(request, "POST");
            Job job = submitJob.submit(tenant, jsonBody(request));
            return json(202, JobJson.render(job), Map.of("Location", JOBS_PREFIX + job.id()));
        }
        if (path.startsWith(JOBS_PREFIX) && path.indexOf('/', JOBS_PREFIX.length()) < 0) {
            requireMethod(request, "GET");
            GetJob.Found found = getJob.get(tenant, JobId.parse(path.substring(JOBS_PREFIX.length())));
            // RFC 9211: says whether the cache answered, for clients and for tests.
            String cacheStatus = found.fromCache() ? "jobline; hit" : "jobline; fwd=miss";
            return json(200, JobJson.render(found.job()), Map.of("Cache-Status", cacheStatus));
        }
        throw ApiException.routeNotFound(request.method(), request.path());
    }

    private static void requireMethod(HttpRequest request, String allowed) {
        if (!request.method().equals(allowed)) {
            throw ApiException.methodNotAllowed(request.method(), allowed);
        }
    }

    private static JsonNode jsonBody(HttpRequest request) {
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

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json") || mediaType.startsWith("application/") && mediaType.endsWith("+json");
    }

    private static APIGatewayV2HTTPResponse json(int status, JsonNode body, Map<String, String> headers) {
        var allHeaders = new java.util.HashMap<>(headers);
        allHeaders.put("Content-Type", "application/json");
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status)
                .withHeaders(allHeaders)
                .withBody(body.toString())
                .build();
    }
}
