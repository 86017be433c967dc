package io.jobline.migrate;

import com.amazonaws.services.lambda.runtime.events.CloudFormationCustomResourceEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobline.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Answers CloudFormation by PUTting the result to the pre-signed S3 URL in the event. */
class CustomResourceResponder {

    /** CloudFormation shows at most this much of a reason; more makes the response too large. */
    private static final int MAX_REASON_LENGTH = 1000;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    void succeed(CloudFormationCustomResourceEvent event, String physicalResourceId, Map<String, String> data) {
        send(event, body(event, "SUCCESS", physicalResourceId, "See the function's logs", data));
    }

    void fail(CloudFormationCustomResourceEvent event, String physicalResourceId, String reason) {
        send(event, body(event, "FAILED", physicalResourceId, reason, Map.of()));
    }

    static String body(CloudFormationCustomResourceEvent event, String status, String physicalResourceId,
            String reason, Map<String, String> data) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("Status", status);
        body.put("Reason", reason.length() > MAX_REASON_LENGTH ? reason.substring(0, MAX_REASON_LENGTH) : reason);
        body.put("PhysicalResourceId", physicalResourceId);
        body.put("StackId", event.getStackId());
        body.put("RequestId", event.getRequestId());
        body.put("LogicalResourceId", event.getLogicalResourceId());
        ObjectNode dataNode = body.putObject("Data");
        data.forEach(dataNode::put);
        return body.toString();
    }

    void send(CloudFormationCustomResourceEvent event, String body) {
        // The pre-signed URL was signed without a content type: sending one would break the signature.
        HttpRequest request = HttpRequest.newBuilder(URI.create(event.getResponseUrl()))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "")
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("CloudFormation's response URL answered " + response.statusCode());
            }
        } catch (IOException e) {
            throw new IllegalStateException("Could not answer CloudFormation: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while answering CloudFormation", e);
        }
    }
}
