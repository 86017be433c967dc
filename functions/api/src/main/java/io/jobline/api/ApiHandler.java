package io.jobline.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.jobline.config.Config;
import java.util.HashMap;

/** The API function behind API Gateway (HTTP API, payload format 2.0). */
public final class ApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final Routes routes;

    /** Used by Lambda: configuration from the environment, clients built once per instance. */
    public ApiHandler() {
        this(Dependencies.fromConfig(Config.fromEnv(System.getenv())));
    }

    public ApiHandler(Dependencies deps) {
        this.routes = new Routes(
                new Authenticator(deps.tenants(), deps.apiKeyCacheTtl(), deps.clock()),
                new SubmitJob(deps.jobTypes(), deps.store(), deps.queue(), deps.clock()),
                new GetJob(deps.cache(), deps.store()));
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        String requestId = context == null ? "local" : context.getAwsRequestId();
        APIGatewayV2HTTPResponse response;
        try {
            response = routes.handle(HttpRequest.from(event));
        } catch (RuntimeException e) {
            response = ErrorResponses.from(e, requestId);
        }
        var headers = new HashMap<>(response.getHeaders());
        headers.put("X-Request-Id", requestId);
        response.setHeaders(headers);
        return response;
    }
}
