package io.jobline.queue;

import io.jobline.JobId;
import io.jobline.config.Config;
import java.time.Duration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/** A standard SQS queue (ElasticMQ or LocalStack locally, through the endpoint override). */
public final class SqsJobQueue implements JobQueue {

    private final SqsClient sqs;
    private final String queueUrl;

    public SqsJobQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    /** An SQS client on the URLConnection HTTP client: the fastest cold start of the SDK's clients. */
    public static SqsClient client(Config config) {
        SqsClientBuilder builder = SqsClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(25)))
                .region(Region.of(config.awsRegion()));
        config.sqsEndpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    @Override
    public void enqueue(JobId id, Duration delay) {
        if (delay.isNegative() || delay.compareTo(MAX_DELAY) > 0) {
            throw new IllegalArgumentException("SQS delays are 0 to 15 minutes, got " + delay);
        }
        try {
            sqs.sendMessage(send -> send.queueUrl(queueUrl)
                    .messageBody(JobMessage.body(id))
                    .delaySeconds((int) delay.toSeconds()));
        } catch (SdkException e) {
            throw new QueueUnavailableException("Could not queue job " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void redeliverAfter(String receiptHandle, Duration delay) {
        Duration visibility = delay.compareTo(MAX_VISIBILITY) > 0 ? MAX_VISIBILITY : delay;
        try {
            sqs.changeMessageVisibility(change -> change.queueUrl(queueUrl)
                    .receiptHandle(receiptHandle)
                    .visibilityTimeout((int) Math.max(0, visibility.toSeconds())));
        } catch (SdkException e) {
            throw new QueueUnavailableException("Could not delay a message: " + e.getMessage(), e);
        }
    }
}
