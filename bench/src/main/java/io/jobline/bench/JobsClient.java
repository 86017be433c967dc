package io.jobline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

/** The two Jobline HTTP calls the benchmark makes: submit an email job, and read a job's status. */
final class JobsClient {

    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final URI jobsUri;
    private final String authorization;
    private final String to;

    JobsClient(URI baseUrl, String apiKey, String to) {
        // HTTP/1.1 so each worker holds one keep-alive connection, as most clients of a job API would.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.jobsUri = URI.create(baseUrl + "/jobs");
        this.authorization = "Bearer " + apiKey;
        this.to = to;
    }

    /** How one submit went. */
    sealed interface SubmitOutcome {
        record Accepted(String jobId) implements SubmitOutcome {}

        record Rejected(String reason, String body) implements SubmitOutcome {}
    }

    /** How one status read went. */
    sealed interface PollOutcome {
        record Observed(ObservedStatus status) implements PollOutcome {}

        record Rejected(String reason, String body) implements PollOutcome {}
    }

    /** The statuses the API reports; the benchmark only needs to know which ones are final. */
    enum ObservedStatus {
        QUEUED,
        RUNNING,
        RETRYING,
        SUCCEEDED,
        FAILED,
        CANCELLED;

        boolean finished() {
            return this == SUCCEEDED || this == FAILED || this == CANCELLED;
        }
    }

    SubmitOutcome submit(String subject, Duration timeout) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(jobsUri)
                .timeout(timeout)
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(emailJob(subject)))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new SubmitOutcome.Rejected(failureReason(e), describe(e));
        }
        if (response.statusCode() != 202) {
            return new SubmitOutcome.Rejected(Integer.toString(response.statusCode()), response.body());
        }
        JsonNode body = parse(response.body());
        String id = body.path("id").asText("");
        if (!isUuid(id) || !body.path("status").isTextual()) {
            return new SubmitOutcome.Rejected("202 without a UUID id and a status", response.body());
        }
        return new SubmitOutcome.Accepted(id);
    }

    PollOutcome status(String jobId, Duration timeout) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(jobsUri + "/" + jobId))
                .timeout(timeout)
                .header("Authorization", authorization)
                .GET()
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new PollOutcome.Rejected(failureReason(e), describe(e));
        }
        if (response.statusCode() != 200) {
            return new PollOutcome.Rejected(Integer.toString(response.statusCode()), response.body());
        }
        String status = parse(response.body()).path("status").asText("");
        try {
            return new PollOutcome.Observed(ObservedStatus.valueOf(status.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return new PollOutcome.Rejected("200 with unknown status '" + status + "'", response.body());
        }
    }

    private byte[] emailJob(String subject) {
        ObjectNode job = json.createObjectNode();
        job.put("type", "email.send");
        ObjectNode payload = job.putObject("payload");
        payload.putArray("to").add(to);
        payload.put("subject", subject);
        payload.put("text", "hello from the benchmark");
        try {
            return json.writeValueAsBytes(job);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise a tree of strings", e);
        }
    }

    /** The body as JSON, or a missing node when it is not JSON, so callers report it as a bad answer. */
    private JsonNode parse(String body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            return json.missingNode();
        }
    }

    private static boolean isUuid(String id) {
        try {
            UUID.fromString(id);
            return id.length() == 36;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The exception and its causes, since the HttpClient often puts the useful message only on a cause. */
    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(e.toString());
        for (Throwable cause = e.getCause(); cause != null && cause != e; cause = cause.getCause()) {
            text.append("; caused by ").append(cause);
        }
        return text.toString();
    }

    private static String failureReason(IOException e) {
        return e instanceof HttpTimeoutException ? "timeout" : "io " + e.getClass().getSimpleName();
    }
}
