package io.jobline.local;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobline.Json;
import io.jobline.config.Config;
import io.jobline.queue.QueueUrls;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The same end-to-end scenarios with SQS (and, with a LocalStack auth token, SES) from LocalStack instead of the
 * embedded stand-ins. Without a Docker engine this class is skipped; the scenarios still run against the stand-ins in
 * {@link LocalJoblineIT}.
 *
 * <p>LocalStack's free image (4.14.0, the last one without a token) has SQS but no SES v2; with
 * {@code LOCALSTACK_AUTH_TOKEN} set, the licensed image serves SES v2 too and the mail is read from LocalStack.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackIT extends EndToEndScenarios {

    private static final String AUTH_TOKEN = System.getenv("LOCALSTACK_AUTH_TOKEN");
    private static final boolean LICENSED = AUTH_TOKEN != null && !AUTH_TOKEN.isBlank();

    /**
     * Pinned: LocalStack's {@code latest} needs LOCALSTACK_AUTH_TOKEN since 2026-03-23, so an unpinned image would break
     * CI without one. The compose file pins the same ({@code LocalStackImageTest}).
     */
    static final String VERSION = "4.14.0";

    static final DockerImageName IMAGE = LICENSED
            ? DockerImageName.parse("localstack/localstack-pro:" + VERSION)
                    .asCompatibleSubstituteFor("localstack/localstack")
            : DockerImageName.parse("localstack/localstack:" + VERSION);

    private static final String SENDER = "jobline@example.com";

    @Container
    static final LocalStackContainer LOCALSTACK = LICENSED
            ? new LocalStackContainer(IMAGE).withServices("sqs", "ses").withEnv("LOCALSTACK_AUTH_TOKEN", AUTH_TOKEN)
            : new LocalStackContainer(IMAGE).withServices("sqs");

    private static LocalJobline jobline;

    @BeforeAll
    static void start() {
        URI endpoint = LOCALSTACK.getEndpoint();
        QueueUrls queues;
        try (SqsClient sqs = LocalAws.sqs(endpoint)) {
            queues = LocalJobline.createQueues(sqs);
        }
        Map<String, String> env = new HashMap<>();
        if (LICENSED) {
            try (var ses = LocalAws.ses(endpoint)) {
                ses.createEmailIdentity(create -> create.emailIdentity(SENDER));
            }
            env.put(Config.AWS_ENDPOINT_URL_SESV2, endpoint.toString());
        }
        env.put(LocalSettings.PORT, "0");
        env.put(Config.AWS_ENDPOINT_URL_SQS, endpoint.toString());
        env.put(Config.QUEUE_URL, queues.normal());
        env.put(Config.HIGH_PRIORITY_QUEUE_URL, queues.high());
        env.put(Config.DEAD_LETTER_QUEUE_URL, queues.normalDeadLetter());
        env.put(Config.HIGH_PRIORITY_DEAD_LETTER_QUEUE_URL, queues.highDeadLetter());
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

    /**
     * On real SQS (here LocalStack's) a poison message must end in its dead-letter queue: each jobs queue Jobline made
     * names its own dead-letter queue in its redrive policy.
     */
    @Test
    void eachJobsQueueRedrivesToItsOwnDeadLetterQueue() {
        QueueUrls queues = jobline.config().queues();
        try (SqsClient sqs = LocalAws.sqs(LOCALSTACK.getEndpoint())) {
            for (Map.Entry<String, String> queue : Map.of(queues.normal(), queues.normalDeadLetter(),
                    queues.high(), queues.highDeadLetter()).entrySet()) {
                String redrive = attribute(sqs, queue.getKey(), QueueAttributeName.REDRIVE_POLICY);
                String deadLetterArn = attribute(sqs, queue.getValue(), QueueAttributeName.QUEUE_ARN);
                assertNotNull(redrive, queue.getKey() + " has no redrive policy");
                assertTrue(redrive.contains(deadLetterArn), queue.getKey() + ": " + redrive);
            }
        }
    }

    private static String attribute(SqsClient sqs, String queueUrl, QueueAttributeName name) {
        return sqs.getQueueAttributes(get -> get.queueUrl(queueUrl).attributeNames(name)).attributes().get(name);
    }

    /** LocalStack keeps sent mail at {@code GET /_aws/ses}; without SES from LocalStack, the stand-in has it. */
    @Override
    protected int mailCountTo(String address) {
        if (!LICENSED) {
            return jobline.ses().orElseThrow().mailTo(address).size();
        }
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
