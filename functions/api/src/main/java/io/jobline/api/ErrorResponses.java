package io.jobline.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobline.JobNotFoundException;
import io.jobline.Json;
import io.jobline.ValidationException;
import io.jobline.queue.QueueUnavailableException;
import io.jobline.schedule.ScheduleExistsException;
import io.jobline.schedule.ScheduleNotFoundException;
import io.jobline.store.StoreUnavailableException;
import io.jobline.tenant.InvalidTenantSettingException;
import io.jobline.tenant.KeyNotFoundException;
import io.jobline.tenant.QuotaExceededException;
import io.jobline.tenant.TenantExistsException;
import io.jobline.tenant.TenantNotFoundException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns exceptions into HTTP answers of the shape
 * {@code {"error": {"code": "...", "message": "...", "details": [...]}}}. Clients never see a stack trace.
 */
final class ErrorResponses {

    static final String RETRY_AFTER_SECONDS = "5";
    private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);

    private ErrorResponses() {}

    static APIGatewayV2HTTPResponse from(RuntimeException e, String requestId) {
        return switch (e) {
            case ApiException api -> error(api.status(), api.code(), api.getMessage(), List.of(), api.headers());
            case ValidationException invalid -> error(400, invalid.code(), invalid.getMessage(), invalid.details(),
                    Map.of());
            case JobNotFoundException notFound -> error(404, "job_not_found", notFound.getMessage(), List.of(),
                    Map.of());
            case ScheduleNotFoundException notFound -> error(404, "schedule_not_found", notFound.getMessage(),
                    List.of(), Map.of());
            case ScheduleExistsException exists -> error(409, "schedule_exists", exists.getMessage(), List.of(),
                    Map.of());
            case ConflictException conflict -> error(409, conflict.code(), conflict.getMessage(), List.of(), Map.of());
            case QuotaExceededException over -> error(over.kind().status(), over.kind().code(), over.getMessage(),
                    List.of(), over.retryAfter().map(wait -> Map.of("Retry-After", retryAfterSeconds(wait)))
                            .orElse(Map.of()));
            case TenantNotFoundException notFound -> error(404, "tenant_not_found", notFound.getMessage(), List.of(),
                    Map.of());
            case TenantExistsException exists -> error(409, "tenant_exists", exists.getMessage(), List.of(), Map.of());
            case KeyNotFoundException notFound -> error(404, "key_not_found", notFound.getMessage(), List.of(),
                    Map.of());
            case InvalidTenantSettingException invalid -> error(400, "invalid_setting", invalid.getMessage(),
                    List.of(), Map.of());
            case StoreUnavailableException down -> {
                log.warn("Request {} refused, database unavailable: {}", requestId, down.getMessage());
                yield error(503, "database_unavailable",
                        "The job store is unavailable; nothing was changed, try again shortly", List.of(),
                        Map.of("Retry-After", RETRY_AFTER_SECONDS));
            }
            case QueueUnavailableException down -> {
                log.warn("Request {} refused, queue unavailable: {}", requestId, down.getMessage());
                yield error(503, "queue_unavailable",
                        "The job queue is unavailable; the job was not accepted, try again shortly", List.of(),
                        Map.of("Retry-After", RETRY_AFTER_SECONDS));
            }
            default -> {
                log.error("Request {} failed with an unexpected error", requestId, e);
                yield error(500, "internal_error", "Internal error (request id " + requestId + ")", List.of(),
                        Map.of());
            }
        };
    }

    /** Whole seconds, rounded up, at least 1: {@code Retry-After: 0} would invite an immediate retry. */
    static String retryAfterSeconds(java.time.Duration wait) {
        long millis = Math.max(1, wait.toMillis());
        return String.valueOf((millis + 999) / 1000);
    }

    static APIGatewayV2HTTPResponse error(int status, String code, String message,
            List<ValidationException.FieldError> details, Map<String, String> extraHeaders) {
        ObjectNode error = Json.MAPPER.createObjectNode();
        error.put("code", code);
        error.put("message", message);
        ArrayNode detailNodes = error.putArray("details");
        for (ValidationException.FieldError detail : details) {
            detailNodes.addObject().put("field", detail.field()).put("message", detail.message());
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.set("error", error);
        return ApiCall.json(status, body, extraHeaders);
    }
}
