package io.jobline.queue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Queue depths from SQS {@code GetQueueAttributes}, one call per queue, all queues asked at once so {@code GET /stats}
 * waits for one round trip rather than four. The function's role needs {@code sqs:GetQueueAttributes} on each queue.
 */
public final class SqsQueueMonitor implements QueueMonitor {

    private static final String VISIBLE = "ApproximateNumberOfMessages";
    private static final String IN_FLIGHT = "ApproximateNumberOfMessagesNotVisible";
    private static final String DELAYED = "ApproximateNumberOfMessagesDelayed";

    private final SqsClient sqs;
    private final Map<String, String> queueUrls;

    /** Reports exactly these queues: name (e.g. {@code "jobs"}) to queue URL, in the order given. */
    public SqsQueueMonitor(SqsClient sqs, Map<String, String> queueUrlsByName) {
        this.sqs = sqs;
        this.queueUrls = new LinkedHashMap<>(queueUrlsByName);
    }

    /**
     * A deployment's four queues as {@code GET /stats} names them: {@code jobs}, {@code jobs-dlq}, {@code jobs-high},
     * {@code jobs-high-dlq}.
     */
    public static SqsQueueMonitor forQueues(SqsClient sqs, QueueUrls queues) {
        Map<String, String> named = new LinkedHashMap<>();
        named.put("jobs", queues.normal());
        named.put("jobs-dlq", queues.normalDeadLetter());
        named.put("jobs-high", queues.high());
        named.put("jobs-high-dlq", queues.highDeadLetter());
        return new SqsQueueMonitor(sqs, named);
    }

    @Override
    public Map<String, QueueDepths> depths() {
        List<String> names = List.copyOf(queueUrls.keySet());
        // Virtual threads: four blocking HTTP calls in parallel without a pool to size or to keep alive on Lambda.
        try (ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<QueueDepths>> answers = names.stream()
                    .map(name -> calls.submit(() -> depthsOf(name, queueUrls.get(name))))
                    .toList();
            Map<String, QueueDepths> depths = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                depths.put(names.get(i), answers.get(i).get());
            }
            return depths;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueueUnavailableException("Interrupted while reading queue depths", e);
        }
    }

    private QueueDepths depthsOf(String name, String queueUrl) {
        Map<String, String> attributes;
        try {
            attributes = sqs.getQueueAttributes(get -> get.queueUrl(queueUrl)
                            .attributeNamesWithStrings(VISIBLE, IN_FLIGHT, DELAYED))
                    .attributesAsStrings();
        } catch (SdkException e) {
            throw new QueueUnavailableException("Could not read the depth of queue " + name + ": " + e.getMessage(),
                    e);
        }
        return new QueueDepths(count(attributes, VISIBLE), count(attributes, IN_FLIGHT), count(attributes, DELAYED));
    }

    /** An attribute SQS leaves out counts as zero. */
    private static long count(Map<String, String> attributes, String name) {
        String value = attributes.get(name);
        if (value == null) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(value));
        } catch (NumberFormatException e) {
            throw new QueueUnavailableException("SQS answered " + name + "=" + value + ", not a count", e);
        }
    }
}
