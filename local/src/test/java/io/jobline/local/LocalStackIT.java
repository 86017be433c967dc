package io.jobline.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobline.Json;
import io.jobline.config.Config;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The same end-to-end scenarios with SQS and SES from LocalStack instead of the embedded stand-ins. Without a Docker
 * engine this class is skipped; the scenarios still run against the stand-ins in {@link LocalJoblineIT}.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackIT extends EndToEndScenarios {

    /** Pinned: LocalStack's {@code latest} needs LOCALSTACK_AUTH_TOKEN since 2026-03-23. */
    static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack:4.4.0");

    private static final String SENDER = "jobline@example.com";

    @Container
    static final LocalStackContainer LOCALSTACK = new LocalStackContainer(IMAGE).withServices("sqs", "ses");

    private static LocalJobline jobline;

    @BeforeAll
    static void start() {
        URI endpoint = LOCALSTACK.getEndpoint();
        String queueUrl;
        try (SqsClient sqs = LocalAws.sqs(endpoint)) {
            queueUrl = LocalJobline.createQueues(sqs);
        }
        try (var ses = LocalAws.ses(endpoint)) {
            ses.createEmailIdentity(create -> create.emailIdentity(SENDER));
        }
        Map<String, String> env = new HashMap<>();
        env.put(LocalSettings.PORT, "0");
        env.put(Config.AWS_ENDPOINT_URL_SQS, endpoint.toString());
        env.put(Config.AWS_ENDPOINT_URL_SESV2, endpoint.toString());
        env.put(Config.QUEUE_URL, queueUrl);
        env.put(Config.SENDER_ADDRESS, SENDER);
        env.put(Config.AWS_REGION, LOCALSTACK.getRegion());
        jobline = LocalJobline.start(LocalSettings.fromEnv(env));
    }

    @AfterAll
    static void stop() {
        if (jobline != null) {
            jobline.close();
        }
    }

    @Override
    protected LocalJobline jobline() {
        return jobline;
    }

    /** LocalStack keeps sent mail at {@code GET /_aws/ses}. */
    @Override
    protected int mailCountTo(String address) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(LOCALSTACK.getEndpoint().resolve("/_aws/ses")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            int count = 0;
            for (JsonNode message : Json.MAPPER.readTree(response.body()).path("messages")) {
                for (JsonNode to : message.path("Destination").path("ToAddresses")) {
                    if (to.asText().equalsIgnoreCase(address)) {
                        count++;
                    }
                }
            }
            return count;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
