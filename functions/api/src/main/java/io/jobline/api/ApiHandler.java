package io.jobline.api;

import io.jobline.JobJson;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.jobline.Job;
import io.jobline.JobId;
import io.jobline.JobSpec;
import io.jobline.JobTypes;
import io.jobline.Json;
import io.jobline.TenantId;
import io.jobline.config.Config;
import io.jobline.config.LogLevel;
import io.jobline.metrics.JobMetrics;
import io.jobline.snapstart.SnapStartHooks;
import io.jobline.webhook.AddressPolicy;
import java.util.HashMap;

/** The API function behind API Gateway (HTTP API, payload format 2.0). */
public final class ApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    static {
        // Before any logger of this function is created.
        LogLevel.applyFromEnv(System.getenv());
    }


    private static final String PRIMING_BODY =
            "{\"type\":\"email.send\",\"payload\":{\"to\":[\"prime@example.com\"],\"subject\":\"s\",\"text\":\"t\"}}";

    private final Routes routes;
    private final AdminRoutes admin;
    private final JobTypes jobTypes;
    private final SnapStartHooks snapStartHooks;
    private final JobMetrics metrics;

    /** Used by Lambda: configuration from the environment, clients built once per instance. */
    public ApiHandler() {
        this(Dependencies.fromConfig(Config.fromEnv(System.getenv())));
    }

    public ApiHandler(Dependencies deps) {
        Router router = new Router();
        Authenticator authenticator = new Authenticator(deps.tenants(), deps.apiKeyCacheTtl(), deps.clock(),
                deps.adminKeySha256(), deps.requestLimiter());
        new JobRoutes(
                        new SubmitJob(deps.jobTypes(), deps.store(), deps.queue(), deps.clock(), deps.webhookPolicy(),
                                new SubmissionQuotas(authenticator, deps.tenants(), deps.clock()), deps.metrics()),
                        new GetJob(deps.cache(), deps.store()),
                        new CancelJob(deps.store(), deps.cache(), deps.clock()),
                        new RetryJob(deps.store(), deps.queue(), deps.cache(), deps.clock()),
                        deps.store())
                .register(router);
        new ScheduleRoutes(deps.schedules(), deps.jobTypes(), deps.clock(), deps.webhookPolicy()).register(router);
        new CallbackSecretRoutes(deps.callbackSecrets()).register(router);
        new ListJobsRoutes(deps.queries()).register(router);
        new StatsRoutes(deps.queries(), deps.queueMonitor(), java.util.Optional.of(authenticator)).register(router);
        new ThroughputRoutes(deps.queries(), deps.clock()).register(router);
        Router publicRoutes = new Router();
        new HealthRoutes(deps.healthChecks()).register(publicRoutes);
        new ApiDescriptionRoutes().register(publicRoutes);
        new DashboardRoutes().register(publicRoutes);
        this.routes = new Routes(publicRoutes, authenticator, router);
        this.admin = new AdminRoutes(authenticator, deps.tenants());
        this.jobTypes = deps.jobTypes();
        this.snapStartHooks = SnapStartHooks.register("jobline-api", this::prime, deps.dropConnections(), () -> {});
        this.metrics = deps.metrics();
    }

    /** The hooks registered for SnapStart; for tests, which run them as a snapshot would. */
    SnapStartHooks snapStartHooks() {
        return snapStartHooks;
    }

    /**
     * Runs the request path once without touching PostgreSQL, SQS or Redis: an unauthenticated request (answered 401
     * before any lookup), and parsing, validating and rendering a job.
     */
    void prime() {
        APIGatewayV2HTTPEvent unauthenticated = APIGatewayV2HTTPEvent.builder()
                .withRawPath("/jobs")
                .withHeaders(java.util.Map.of("content-type", "application/json"))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST").build())
                        .build())
                .withBody(PRIMING_BODY)
                .build();
        handleRequest(unauthenticated, null);
        try {
            JobSpec spec = SubmitJobRequest.parse(Json.MAPPER.readTree(PRIMING_BODY), jobTypes, AddressPolicy.DEFAULT);
            JobJson.render(Job.submit(JobId.random(), TenantId.random(), spec, null, java.time.Instant.now()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Every route this handler serves, as {@code "GET /jobs/{id}"}: for the OpenAPI conformance test. */
    java.util.List<String> routeList() {
        return routes.routeList();
    }

    /** One request in, one response out; then its one log line, and the metrics it recorded, written. */
    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        long started = System.nanoTime();
        String requestId = context == null ? "local" : context.getAwsRequestId();
        RequestLog.begin(requestId);
        int status = 500;
        try {
            APIGatewayV2HTTPResponse response = respond(event, requestId);
            status = response.getStatusCode();
            return response;
        } finally {
            RequestLog.end(event, status, started);
            metrics.flush();
        }
    }

    private APIGatewayV2HTTPResponse respond(APIGatewayV2HTTPEvent event, String requestId) {
        APIGatewayV2HTTPResponse response;
        try {
            HttpRequest request = HttpRequest.from(event);
            // /admin/* is authenticated by the admin key, not a tenant's: it never reaches the tenant routes.
            response = AdminRoutes.isAdminPath(request.path()) ? admin.handle(request) : routes.handle(request);
        } catch (RuntimeException e) {
            response = ErrorResponses.from(e, requestId);
        }
        var headers = new HashMap<>(response.getHeaders());
        headers.put("X-Request-Id", requestId);
        response.setHeaders(headers);
        return response;
    }
}
