package io.jobline.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.jobline.JobId;
import io.jobline.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The one line each API request leaves ({@code "request"} with method, path, status and duration), and the MDC fields
 * that label every line logged while it runs: {@code requestId}, then {@code tenant}, {@code route} and {@code jobId}
 * as routing learns them. The handler begins and ends it; one request runs on one thread.
 */
final class RequestLog {

    static final String REQUEST_ID = "requestId";
    static final String TENANT = "tenant";
    static final String ROUTE = "route";
    static final String JOB_ID = "jobId";
    /** Enough of a path to recognise it; a hostile one does not fill the log. */
    private static final int MAX_PATH_LENGTH = 256;

    private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);

    private RequestLog() {}

    static void begin(String requestId) {
        MDC.clear();
        MDC.put(REQUEST_ID, requestId);
    }

    static void tenant(TenantId tenant) {
        MDC.put(TENANT, tenant.toString());
    }

    /** The route template matched, e.g. {@code /jobs/{id}}. */
    static void route(String template) {
        MDC.put(ROUTE, template);
    }

    static void job(JobId id) {
        MDC.put(JOB_ID, id.toString());
    }

    /** Logs the request line with what the MDC has gathered, then clears the MDC. */
    static void end(APIGatewayV2HTTPEvent event, int status, long startedNanos) {
        try {
            var http = event.getRequestContext() == null ? null : event.getRequestContext().getHttp();
            String path = event.getRawPath() == null ? "/" : event.getRawPath();
            log.atInfo().setMessage("request")
                    .addKeyValue("method", http == null ? null : http.getMethod())
                    .addKeyValue("path", path.length() > MAX_PATH_LENGTH ? path.substring(0, MAX_PATH_LENGTH) + "..." : path)
                    .addKeyValue("status", status)
                    .addKeyValue("durationMs", (System.nanoTime() - startedNanos) / 1_000_000)
                    .log();
        } finally {
            MDC.clear();
        }
    }
}
