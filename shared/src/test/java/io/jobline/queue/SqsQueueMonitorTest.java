package io.jobline.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesResponse;

class SqsQueueMonitorTest {

    private static final String PREFIX = "https://sqs.eu-west-1.amazonaws.com/123456789012/";
    private static final QueueUrls QUEUES = new QueueUrls(PREFIX + "jobline-jobs", PREFIX + "jobline-jobs-high",
            PREFIX + "jobline-jobs-dlq", PREFIX + "jobline-jobs-high-dlq");

    /** Answers GetQueueAttributes from a map, as SQS would, and records what was asked. */
    private static final class StubSqs implements SqsClient {

        final Map<String, Map<String, String>> attributesByUrl = new ConcurrentHashMap<>();
        final Set<List<String>> asked = ConcurrentHashMap.newKeySet();
        volatile boolean down;

        @Override
        public GetQueueAttributesResponse getQueueAttributes(GetQueueAttributesRequest request) {
            asked.add(request.attributeNamesAsStrings());
            if (down) {
                throw SdkClientException.create("connection refused");
            }
            Map<String, String> all = attributesByUrl.getOrDefault(request.queueUrl(), Map.of());
            return GetQueueAttributesResponse.builder().attributesWithStrings(all).build();
        }

        @Override
        public String serviceName() {
            return "sqs";
        }

        @Override
        public void close() {}
    }

    private final StubSqs sqs = new StubSqs();

    private static Map<String, String> depths(long visible, long inFlight, long delayed) {
        return Map.of("ApproximateNumberOfMessages", String.valueOf(visible),
                "ApproximateNumberOfMessagesNotVisible", String.valueOf(inFlight),
                "ApproximateNumberOfMessagesDelayed", String.valueOf(delayed));
    }

    @Test
    void reportsTheThreeCountsOfEveryQueueUnderItsRoleInOrder() {
        sqs.attributesByUrl.put(QUEUES.normal(), depths(7, 3, 2));
        sqs.attributesByUrl.put(QUEUES.normalDeadLetter(), depths(1, 0, 0));
        sqs.attributesByUrl.put(QUEUES.high(), depths(4, 1, 0));
        sqs.attributesByUrl.put(QUEUES.highDeadLetter(), depths(0, 0, 0));

        Map<String, QueueDepths> depths = SqsQueueMonitor.forQueues(sqs, QUEUES).depths();

        assertEquals(List.of("jobs", "jobs-dlq", "jobs-high", "jobs-high-dlq"), List.copyOf(depths.keySet()));
        assertEquals(new QueueDepths(7, 3, 2), depths.get("jobs"));
        assertEquals(new QueueDepths(1, 0, 0), depths.get("jobs-dlq"));
        assertEquals(new QueueDepths(4, 1, 0), depths.get("jobs-high"));
        assertEquals(QueueDepths.EMPTY, depths.get("jobs-high-dlq"));
        assertEquals(Set.of(List.of("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
                "ApproximateNumberOfMessagesDelayed")), sqs.asked, "asks for exactly the three counts");
    }

    @Test
    void missingCountsAreZero() {
        sqs.attributesByUrl.put(PREFIX + "q", Map.of("ApproximateNumberOfMessages", "5"));

        var monitor = new SqsQueueMonitor(sqs, Map.of("jobs", PREFIX + "q"));

        assertEquals(new QueueDepths(5, 0, 0), monitor.depths().get("jobs"));
    }

    @Test
    void anUnreachableQueueIsQueueUnavailable() {
        sqs.down = true;
        var monitor = SqsQueueMonitor.forQueues(sqs, QUEUES);

        assertThrows(QueueUnavailableException.class, monitor::depths);
    }
}
