package io.jobline.queue;

import io.jobline.JobId;
import io.jobline.Priority;
import io.jobline.config.Config;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Standard SQS queues (ElasticMQ or LocalStack locally, through the endpoint override). Every failure to reach SQS is a
 * {@link QueueUnavailableException}: the SDK's own exceptions, and the {@link UncheckedIOException} its URLConnection
 * client throws when a connection is reset mid-request (which the SDK neither retries nor wraps).
 */
public final class SqsJobQueue implements JobQueue {

    /** SQS takes at most ten messages per batch call. */
    private static final int BATCH_SIZE = 10;

    private final SqsClient sqs;
    private final QueueUrls urls;

    public SqsJobQueue(SqsClient sqs, QueueUrls urls) {
        this.sqs = sqs;
        this.urls = urls;
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
    public void enqueue(JobId id, Priority priority, Duration delay) {
        if (delay.isNegative() || delay.compareTo(MAX_DELAY) > 0) {
            throw new IllegalArgumentException("SQS delays are 0 to 15 minutes, got " + delay);
        }
        try {
            sqs.sendMessage(send -> send.queueUrl(urls.forPriority(priority))
                    .messageBody(JobMessage.body(id))
                    .delaySeconds((int) delay.toSeconds()));
        } catch (SdkException | UncheckedIOException e) {
            throw new QueueUnavailableException("Could not queue job " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<JobId> enqueueAll(List<JobId> ids, Priority priority) {
        List<JobId> notQueued = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += BATCH_SIZE) {
            List<JobId> batch = ids.subList(from, Math.min(ids.size(), from + BATCH_SIZE));
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                entries.add(SendMessageBatchRequestEntry.builder()
                        .id(String.valueOf(i))
                        .messageBody(JobMessage.body(batch.get(i)))
                        .build());
            }
            try {
                SendMessageBatchResponse response = sqs.sendMessageBatch(
                        send -> send.queueUrl(urls.forPriority(priority)).entries(entries));
                response.failed().forEach(failed -> notQueued.add(batch.get(Integer.parseInt(failed.id()))));
            } catch (SdkException | UncheckedIOException e) {
                notQueued.addAll(batch);
            }
        }
        return notQueued;
    }

    @Override
    public void redeliverAfter(String queueArn, String receiptHandle, Duration delay) {
        String queueUrl = urls.byArn(queueArn);
        try {
            sqs.changeMessageVisibility(change -> change.queueUrl(queueUrl)
                    .receiptHandle(receiptHandle)
                    .visibilityTimeout(visibilitySeconds(delay)));
        } catch (SdkException | UncheckedIOException e) {
            throw new QueueUnavailableException("Could not delay a message: " + e.getMessage(), e);
        }
    }

    /**
     * SQS takes whole seconds; rounding up keeps a message hidden until its job is due, where rounding down would show
     * it up to a second early and spend a receive on "not due yet".
     */
    static int visibilitySeconds(Duration delay) {
        long seconds = (Math.max(0, delay.toMillis()) + 999) / 1000;
        return (int) Math.min(seconds, MAX_VISIBILITY.toSeconds());
    }

    @Override
    public List<DeadLetter> receiveDeadLetters(int max) {
        List<DeadLetter> letters = new ArrayList<>();
        for (String url : urls.deadLetters()) {
            if (letters.size() >= max) {
                break;
            }
            try {
                sqs.receiveMessage(receive -> receive.queueUrl(url)
                                .maxNumberOfMessages(Math.min(10, max - letters.size()))
                                .waitTimeSeconds(0)
                                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                        .messages()
                        .forEach(message -> letters.add(new DeadLetter(url, message.receiptHandle(), message.body(),
                                Integer.parseInt(message.attributes().getOrDefault(
                                        MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "0")))));
            } catch (SdkException | UncheckedIOException e) {
                throw new QueueUnavailableException("Could not read dead letters: " + e.getMessage(), e);
            }
        }
        return letters;
    }

    @Override
    public void deleteDeadLetter(DeadLetter deadLetter) {
        try {
            sqs.deleteMessage(delete -> delete.queueUrl(deadLetter.queueUrl()).receiptHandle(deadLetter.receiptHandle()));
        } catch (SdkException | UncheckedIOException e) {
            throw new QueueUnavailableException("Could not delete a dead letter: " + e.getMessage(), e);
        }
    }
}
