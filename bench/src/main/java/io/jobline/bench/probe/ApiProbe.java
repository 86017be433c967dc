package io.jobline.bench.probe;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.jobline.api.ApiHandler;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One cold start of the API function: construct the handler (Lambda's init), then handle one {@code POST /jobs}.
 *
 * <p>Arguments: the launch time in epoch milliseconds, {@code tuned} ({@link ApiHandler}, as deployed) or {@code naive}
 * ({@link NaiveApiHandler}), and the API key to send. Exit code 0 when the answer was 202.
 */
public final class ApiProbe {

    static final String BODY = "{\"type\":\"email.send\",\"payload\":{\"to\":[\"coldstart@example.com\"],"
            + "\"subject\":\"Cold start\",\"text\":\"Measured by ColdStartBenchmark\"}}";
    private static final Pattern JOB_ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-fA-F-]{36})\"");

    private ApiProbe() {}

    public static void main(String[] args) {
        ColdStart.<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>run(args, "api", variant -> switch (variant) {
            case "tuned" -> new ApiHandler();
            case "naive" -> new NaiveApiHandler();
            default -> throw ColdStart.unknownVariant(variant);
        }, ApiProbe::submit, ApiProbe::outcome);
    }

    private static ColdStart.Outcome outcome(APIGatewayV2HTTPResponse response) {
        Matcher id = JOB_ID.matcher(String.valueOf(response.getBody()));
        boolean ok = response.getStatusCode() == 202 && id.find();
        return new ColdStart.Outcome(ok,
                ok ? id.group(1) : "HTTP " + response.getStatusCode() + ": " + response.getBody());
    }

    /** The event API Gateway (HTTP API, payload format 2.0) sends for {@code POST /jobs}. */
    static APIGatewayV2HTTPEvent submit(String apiKey) {
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("$default")
                .withRawPath("/jobs")
                .withRawQueryString("")
                .withHeaders(Map.of(
                        "authorization", "Bearer " + apiKey,
                        "content-type", "application/json",
                        "content-length", String.valueOf(BODY.length()),
                        "host", "coldstart.execute-api.us-east-1.amazonaws.com"))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRouteKey("$default")
                        .withStage("$default")
                        .withRequestId("coldstart")
                        .withTimeEpoch(System.currentTimeMillis())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod("POST")
                                .withPath("/jobs")
                                .withProtocol("HTTP/1.1")
                                .withSourceIp("127.0.0.1")
                                .build())
                        .build())
                .withBody(BODY)
                .withIsBase64Encoded(false)
                .build();
    }
}
