package io.jobline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class SqsEventSourcePollerTest {

    private static final AtomicInteger queueNumber = new AtomicInteger();
    private static LocalSqs elasticMq;
    private static SqsClient sqs;

    private final Queue<SQSMessage> handled = new ConcurrentLinkedQueue<>();
    private SqsEventSourcePoller poller;

    @BeforeAll
    static void startElasticMq() {
        elasticMq = LocalSqs.start();
        sqs = LocalAws.sqs(elasticMq.endpoint());
    }

    @AfterAll
    static void stopElasticMq() {
        sqs.close();
        elasticMq.close();
    }

    @AfterEach
    void stopPolling() {
        if (poller != null) {
            poller.close();
        }
    }

    @Test
    void deletesABatchThatAllSucceeded() {
        String queue = aQueueWithDeadLetterQueue(3);
        poller = start(queue, recordingAll(event -> null));

        for (int i = 0; i < 15; i++) {
            send(queue, "job-" + i);
        }

        awaitTrue(() -> poller.counters().deleted() == 15);
        assertEquals(15, handled.size());
        assertEquals(0, poller.counters().failed());
        assertEquals(0, messagesOn(queue));
    }

    @Test
    void buildsTheEventLambdaWould() {
        String queue = aQueueWithDeadLetterQueue(3);
        poller = start(queue, recordingAll(event -> new SQSBatchResponse(List.of())));

        String messageId = sqs.sendMessage(request -> request.queueUrl(queue)
                        .messageBody("{\"jobId\":\"j1\"}")
                        .messageAttributes(Map.of("tenant", MessageAttributeValue.builder()
                                .dataType("String")
                                .stringValue("acme")
                                .build())))
                .messageId();

        awaitTrue(() -> poller.counters().deleted() == 1);
        SQSMessage message = handled.peek();
        assertEquals(messageId, message.getMessageId());
        assertEquals("{\"jobId\":\"j1\"}", message.getBody());
        assertEquals("aws:sqs", message.getEventSource());
        assertEquals(poller.queueArn(), message.getEventSourceArn());
        assertTrue(message.getEventSourceArn().startsWith("arn:aws:sqs:"), message.getEventSourceArn());
        assertEquals("us-east-1", message.getAwsRegion());
        assertNotNull(message.getReceiptHandle());
        assertNotNull(message.getMd5OfBody());
        assertEquals("1", message.getAttributes().get("ApproximateReceiveCount"));
        for (String attribute : List.of("SentTimestamp", "ApproximateFirstReceiveTimestamp", "SenderId")) {
            assertTrue(message.getAttributes().containsKey(attribute), attribute + " in " + message.getAttributes());
        }
        SQSEvent.MessageAttribute tenant = message.getMessageAttributes().get("tenant");
        assertEquals("String", tenant.getDataType());
        assertEquals("acme", tenant.getStringValue());
        assertEquals(List.of(), tenant.getStringListValues());
    }

    @Test
    void redeliversOnlyTheItemReportedAsFailed() {
        String queue = aQueueWithDeadLetterQueue(3);
        poller = start(queue, recordingAll(event -> failuresOf(event, message ->
                message.getBody().equals("flaky") && receiveCount(message) == 1)));

        send(queue, "steady");
        send(queue, "flaky");

        awaitTrue(() -> poller.counters().deleted() == 2);
        assertEquals(List.of(1), receiveCountsOf("steady"));
        assertEquals(List.of(1, 2), receiveCountsOf("flaky"));
        assertEquals(1, poller.counters().failed());
        assertEquals(0, messagesOn(queue));
    }

    @Test
    void redeliversTheWholeBatchWhenTheHandlerThrows() {
        String queue = aQueueWithDeadLetterQueue(3);
        poller = start(queue, recordingAll(event -> {
            if (event.getRecords().stream().anyMatch(message -> receiveCount(message) == 1)) {
                throw new IllegalStateException("function crashed");
            }
            return null;
        }));

        send(queue, "job");

        awaitTrue(() -> poller.counters().deleted() == 1);
        assertEquals(List.of(1, 2), receiveCountsOf("job"));
        assertEquals(1, poller.counters().failed());
    }

    @Test
    void redeliversTheWholeBatchWhenAFailureNamesNoMessageOfIt() {
        String queue = aQueueWithDeadLetterQueue(3);
        poller = start(queue, recordingAll(event -> receiveCount(event.getRecords().getFirst()) == 1
                ? new SQSBatchResponse(List.of(new SQSBatchResponse.BatchItemFailure("not-a-message-id")))
                : null));

        send(queue, "job");

        awaitTrue(() -> poller.counters().deleted() == 1);
        assertEquals(List.of(1, 2), receiveCountsOf("job"));
    }

    @Test
    void aMessageThatKeepsFailingEndsOnTheDeadLetterQueue() {
        String queue = aQueueWithDeadLetterQueue(2);
        poller = start(queue, recordingAll(event -> failuresOf(event, message -> true)));

        send(queue, "poison");

        String deadLetters = sqs.getQueueUrl(request -> request.queueName(nameOf(queue) + "-dlq")).queueUrl();
        awaitTrue(() -> messagesOn(deadLetters) == 1);
        assertEquals(List.of(1, 2), receiveCountsOf("poison"));
        assertEquals(0, poller.counters().deleted());
    }

    /** A hang guard below the poll's 20 s wait: a close that waited for the poll would fail it. */
    @Test
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void closeDoesNotWaitForALongPollInFlight() throws Exception {
        String queue = aQueueWithDeadLetterQueue(3);
        poller = SqsEventSourcePoller.builder(sqs, queue, recordingAll(event -> null))
                .waitTime(Duration.ofSeconds(20))
                .start();
        TimeUnit.MILLISECONDS.sleep(300);

        poller.close();
    }

    @Test
    void keepsPollingThroughAnOutageOfTheQueue() throws Exception {
        LocalSqs flaky = LocalSqs.start();
        int port = flaky.port();
        try (SqsClient client = LocalAws.sqs(flaky.endpoint())) {
            String queue = client.createQueue(request -> request.queueName("outage")).queueUrl();
            poller = SqsEventSourcePoller.builder(client, queue, recordingAll(event -> null)).start();

            flaky.close();
            TimeUnit.MILLISECONDS.sleep(500);
            flaky = LocalSqs.start(port);
            client.createQueue(request -> request.queueName("outage"));
            client.sendMessage(request -> request.queueUrl(queue).messageBody("after the outage"));

            awaitTrue(() -> poller.counters().deleted() == 1);
            assertEquals("after the outage", handled.peek().getBody());
        } finally {
            poller.close();
            flaky.close();
        }
    }

    private SqsEventSourcePoller start(String queue, RequestHandler<SQSEvent, SQSBatchResponse> handler) {
        return SqsEventSourcePoller.builder(sqs, queue, handler).start();
    }

    /** The handler under test, remembering every message it was given. */
    private RequestHandler<SQSEvent, SQSBatchResponse> recordingAll(
            Function<SQSEvent, SQSBatchResponse> outcome) {
        return (event, context) -> {
            handled.addAll(event.getRecords());
            return outcome.apply(event);
        };
    }

    private static SQSBatchResponse failuresOf(SQSEvent event, Predicate<SQSMessage> fails) {
        return new SQSBatchResponse(event.getRecords().stream()
                .filter(fails)
                .map(message -> new SQSBatchResponse.BatchItemFailure(message.getMessageId()))
                .toList());
    }

    private List<Integer> receiveCountsOf(String body) {
        return handled.stream()
                .filter(message -> message.getBody().equals(body))
                .map(SqsEventSourcePollerTest::receiveCount)
                .sorted()
                .toList();
    }

    private static int receiveCount(SQSMessage message) {
        return Integer.parseInt(message.getAttributes().get("ApproximateReceiveCount"));
    }

    /** A fresh queue per test, so a long poll abandoned by one test cannot take another's messages. */
    private static String aQueueWithDeadLetterQueue(int maxReceiveCount) {
        String name = "jobs-" + queueNumber.incrementAndGet();
        String deadLetters = sqs.createQueue(request -> request.queueName(name + "-dlq")).queueUrl();
        String deadLettersArn = sqs.getQueueAttributes(request -> request.queueUrl(deadLetters)
                        .attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        return sqs.createQueue(request -> request.queueName(name).attributes(Map.of(
                        QueueAttributeName.VISIBILITY_TIMEOUT, "1",
                        QueueAttributeName.REDRIVE_POLICY,
                        "{\"deadLetterTargetArn\":\"%s\",\"maxReceiveCount\":\"%d\"}"
                                .formatted(deadLettersArn, maxReceiveCount))))
                .queueUrl();
    }

    private static void send(String queue, String body) {
        sqs.sendMessage(request -> request.queueUrl(queue).messageBody(body));
    }

    private static int messagesOn(String queue) {
        Map<QueueAttributeName, String> counts = sqs.getQueueAttributes(request -> request.queueUrl(queue)
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes();
        return Integer.parseInt(counts.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(counts.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private static String nameOf(String queueUrl) {
        return queueUrl.substring(queueUrl.lastIndexOf('/') + 1);
    }

    private static void awaitTrue(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 15 s");
            }
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
