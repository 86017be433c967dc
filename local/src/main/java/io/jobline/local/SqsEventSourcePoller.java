package io.jobline.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

/**
 * Does locally what Lambda's SQS event source mapping does with {@code ReportBatchItemFailures}: long-polls a queue,
 * hands each batch to the handler, and deletes the messages the handler did not report as failed. A failed message is
 * left alone, so SQS redelivers it after its visibility timeout and, past {@code maxReceiveCount}, moves it to the
 * dead-letter queue.
 */
public final class SqsEventSourcePoller implements AutoCloseable {

    public static final int DEFAULT_CONCURRENCY = 4;

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);
    private static final Logger log = LoggerFactory.getLogger(SqsEventSourcePoller.class);

    /** What the poller has done since it started. */
    public record Counters(long batches, long messages, long deleted, long failed) {}

    /** One queue this poller reads, with what it needs to receive from it and to describe its messages. */
    private record Source(String queueUrl, String queueArn, ReceiveMessageRequest receiveRequest) {}

    /** While higher-priority queues are empty, the last queue is long-polled this long at most between checks. */
    private static final Duration PRIORITY_RECHECK = Duration.ofSeconds(1);

    private final SqsClient sqs;
    private final String queueUrl;
    private final List<Source> sources;
    private final RequestHandler<SQSEvent, SQSBatchResponse> handler;
    private final String functionName;
    private final Duration functionTimeout;
    private final Duration shutdownGrace;
    private final String region;

    private volatile boolean running = true;
    private final CountDownLatch stopping = new CountDownLatch(1);
    // Pollers hold the read side while they handle a batch; close() takes the write side to wait for them.
    private final ReadWriteLock batchesInFlight = new ReentrantReadWriteLock();
    private final AtomicBoolean queueUnreachable = new AtomicBoolean();

    private final LongAdder batches = new LongAdder();
    private final LongAdder messages = new LongAdder();
    private final LongAdder deleted = new LongAdder();
    private final LongAdder failed = new LongAdder();

    private SqsEventSourcePoller(Builder builder) {
        this.sqs = builder.sqs;
        this.queueUrl = builder.queueUrl;
        this.handler = builder.handler;
        this.functionName = builder.functionName;
        this.functionTimeout = builder.functionTimeout;
        this.shutdownGrace = builder.shutdownGrace;
        List<String> urls = new ArrayList<>(builder.higherPriorityQueueUrls);
        urls.add(queueUrl);
        List<Source> configured = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            String url = urls.get(i);
            boolean last = i == urls.size() - 1;
            // Higher-priority queues are checked without waiting; only the last one is long-polled, and then only
            // briefly when there are others to look at again.
            Duration wait = !last ? Duration.ZERO
                    : urls.size() > 1 && builder.waitTime.compareTo(PRIORITY_RECHECK) > 0 ? PRIORITY_RECHECK
                    : builder.waitTime;
            ReceiveMessageRequest request = ReceiveMessageRequest.builder()
                    .queueUrl(url)
                    .maxNumberOfMessages(builder.batchSize)
                    .waitTimeSeconds(Math.toIntExact(wait.toSeconds()))
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                    .messageAttributeNames("All")
                    .build();
            // Read once at start, as the mapping does: a wrong queue URL fails here rather than in a log line later.
            String arn = sqs.getQueueAttributes(get -> get.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes()
                    .get(QueueAttributeName.QUEUE_ARN);
            configured.add(new Source(url, arn, request));
        }
        this.sources = List.copyOf(configured);
        this.region = sqs.serviceClientConfiguration().region().id();
    }

    private SqsEventSourcePoller startPolling(int concurrency) {
        String queueName = queueUrl.substring(queueUrl.lastIndexOf('/') + 1);
        for (int i = 1; i <= concurrency; i++) {
            // Daemon: a poller parked in a long poll must not keep the JVM alive after close().
            Thread.ofPlatform().daemon().name("sqs-poller-" + queueName + "-" + i).start(this::poll);
        }
        return this;
    }

    public static Builder builder(SqsClient sqs, String queueUrl, RequestHandler<SQSEvent, SQSBatchResponse> handler) {
        return new Builder(sqs, queueUrl, handler);
    }

    public Counters counters() {
        return new Counters(batches.sum(), messages.sum(), deleted.sum(), failed.sum());
    }

    /** The ARN of the (lowest-priority) queue this poller was built for. */
    public String queueArn() {
        return sources.getLast().queueArn();
    }

    /**
     * Stops at once, waiting only for batches the handler is running (up to the shutdown grace). Long polls in flight
     * are abandoned: whatever they still receive stays invisible until its visibility timeout, then comes back.
     */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        stopping.countDown();
        try {
            if (batchesInFlight.writeLock().tryLock(shutdownGrace.toMillis(), TimeUnit.MILLISECONDS)) {
                batchesInFlight.writeLock().unlock();
            } else {
                log.warn("{} is still handling a batch from {} after {}; abandoning it, SQS will redeliver it",
                        functionName, queueUrl, shutdownGrace);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void poll() {
        Duration backoff = FIRST_BACKOFF;
        while (running) {
            List<Message> received = List.of();
            Source source = null;
            try {
                // In priority order: a batch from a higher queue is handled before a lower one is even asked.
                for (Source candidate : sources) {
                    received = sqs.receiveMessage(candidate.receiveRequest()).messages();
                    source = candidate;
                    if (!received.isEmpty()) {
                        break;
                    }
                }
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                if (queueUnreachable.compareAndSet(false, true)) {
                    log.warn("Could not receive from {}; retrying, at most {} ms apart: {}", queueUrl,
                            MAX_BACKOFF.toMillis(), e.toString());
                }
                pause(backoff);
                backoff = backoff.multipliedBy(2);
                if (backoff.compareTo(MAX_BACKOFF) > 0) {
                    backoff = MAX_BACKOFF;
                }
                continue;
            }
            backoff = FIRST_BACKOFF;
            if (queueUnreachable.compareAndSet(true, false)) {
                log.info("Receiving from {} again", queueUrl);
            }
            if (!received.isEmpty()) {
                handleBatch(source, received);
            }
        }
    }

    private void handleBatch(Source source, List<Message> received) {
        batchesInFlight.readLock().lock();
        try {
            if (!running) {
                log.debug("Stopping: leaving {} received messages to come back after their visibility timeout",
                        received.size());
                return;
            }
            batches.increment();
            messages.add(received.size());
            Set<String> failedIds = invoke(source, received);
            failed.add(failedIds.size());
            List<Message> done = received.stream().filter(m -> !failedIds.contains(m.messageId())).toList();
            if (!done.isEmpty()) {
                delete(source.queueUrl(), done);
            }
        } finally {
            batchesInFlight.readLock().unlock();
        }
    }

    /** @return the ids of the messages to leave on the queue; all of them when the batch as a whole failed */
    private Set<String> invoke(Source source, List<Message> received) {
        Set<String> all = new HashSet<>();
        received.forEach(message -> all.add(message.messageId()));
        SQSBatchResponse response;
        try {
            response = handler.handleRequest(
                    toEvent(source.queueArn(), received), new LocalLambdaContext(functionName, functionTimeout));
        } catch (Throwable e) { // the Lambda runtime turns any Throwable into a failed invocation; so do we
            log.error("{} failed on a batch of {} from {}; all will be redelivered", functionName, received.size(),
                    queueUrl, e);
            return all;
        }
        if (response == null || response.getBatchItemFailures() == null) {
            return Set.of();
        }
        Set<String> failedIds = new HashSet<>();
        for (SQSBatchResponse.BatchItemFailure failure : response.getBatchItemFailures()) {
            String id = failure == null ? null : failure.getItemIdentifier();
            if (id == null || !all.contains(id)) {
                // Lambda cannot tell which message was meant, so it treats the whole batch as failed.
                log.error("{} reported a batch item failure for '{}', which is not in the batch; all {} messages will "
                        + "be redelivered", functionName, id, received.size());
                return all;
            }
            failedIds.add(id);
        }
        return failedIds;
    }

    private void delete(String queueUrl, List<Message> done) {
        List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < done.size(); i++) {
            entries.add(DeleteMessageBatchRequestEntry.builder()
                    .id(Integer.toString(i))
                    .receiptHandle(done.get(i).receiptHandle())
                    .build());
        }
        try {
            DeleteMessageBatchResponse response =
                    sqs.deleteMessageBatch(request -> request.queueUrl(queueUrl).entries(entries));
            deleted.add(response.successful().size());
            response.failed().forEach(failure -> log.warn("Could not delete a handled message from {}: {} {}; it "
                    + "will be redelivered", queueUrl, failure.code(), failure.message()));
        } catch (RuntimeException e) {
            // Not fatal: the messages come back and the idempotent handler sees them again.
            log.warn("Could not delete {} handled messages from {}; they will be redelivered: {}", done.size(),
                    queueUrl, e.toString());
        }
    }

    private SQSEvent toEvent(String queueArn, List<Message> received) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message message : received) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(message.messageId());
            record.setReceiptHandle(message.receiptHandle());
            record.setBody(message.body());
            record.setMd5OfBody(message.md5OfBody());
            record.setMd5OfMessageAttributes(message.md5OfMessageAttributes());
            record.setAttributes(new LinkedHashMap<>(message.attributesAsStrings()));
            record.setMessageAttributes(toEventAttributes(message.messageAttributes()));
            record.setEventSource("aws:sqs");
            record.setEventSourceArn(queueArn);
            record.setAwsRegion(region);
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    private static Map<String, SQSEvent.MessageAttribute> toEventAttributes(Map<String, MessageAttributeValue> values) {
        Map<String, SQSEvent.MessageAttribute> attributes = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
            attribute.setDataType(value.dataType());
            attribute.setStringValue(value.stringValue());
            attribute.setBinaryValue(value.binaryValue() == null ? null : value.binaryValue().asByteBuffer());
            // Lambda always sends both lists, empty: the list types are reserved and never filled.
            attribute.setStringListValues(new ArrayList<>(value.stringListValues()));
            attribute.setBinaryListValues(value.binaryListValues().stream().map(SdkBytes::asByteBuffer).toList());
            attributes.put(name, attribute);
        });
        return attributes;
    }

    private void pause(Duration duration) {
        try {
            stopping.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static final class Builder {

        private final SqsClient sqs;
        private final String queueUrl;
        private final RequestHandler<SQSEvent, SQSBatchResponse> handler;
        private List<String> higherPriorityQueueUrls = List.of();
        private int concurrency = DEFAULT_CONCURRENCY;
        private int batchSize = 10;
        private Duration waitTime = Duration.ofSeconds(20);
        private String functionName = "jobline-worker";
        private Duration functionTimeout = Duration.ofSeconds(60);
        private Duration shutdownGrace = Duration.ofSeconds(2);

        private Builder(SqsClient sqs, String queueUrl, RequestHandler<SQSEvent, SQSBatchResponse> handler) {
            this.sqs = sqs;
            this.queueUrl = queueUrl;
            this.handler = handler;
        }

        /**
         * Queues to drain before this poller's own, highest first, as separate event source mappings per priority
         * would on AWS (where the high queue's mapping simply gets its own concurrency).
         */
        public Builder drainFirst(List<String> queueUrls) {
            this.higherPriorityQueueUrls = List.copyOf(queueUrls);
            return this;
        }

        /** How many pollers receive and run batches at once. */
        public Builder concurrency(int concurrency) {
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency must be at least 1: " + concurrency);
            }
            this.concurrency = concurrency;
            return this;
        }

        /** Messages per ReceiveMessage, hence at most per batch: 1 to 10. */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1 || batchSize > 10) {
                throw new IllegalArgumentException("batchSize must be 1 to 10, as SQS receives: " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** The long-poll wait: 0 to 20 seconds. */
        public Builder waitTime(Duration waitTime) {
            if (waitTime.isNegative() || waitTime.compareTo(Duration.ofSeconds(20)) > 0) {
                throw new IllegalArgumentException("waitTime must be 0 to 20 seconds, as SQS allows: " + waitTime);
            }
            this.waitTime = waitTime;
            return this;
        }

        public Builder functionName(String functionName) {
            this.functionName = functionName;
            return this;
        }

        /** What {@link LocalLambdaContext#getRemainingTimeInMillis()} counts down from. */
        public Builder functionTimeout(Duration functionTimeout) {
            this.functionTimeout = functionTimeout;
            return this;
        }

        /** How long {@link #close()} waits for batches the handler is running. */
        public Builder shutdownGrace(Duration shutdownGrace) {
            this.shutdownGrace = shutdownGrace;
            return this;
        }

        /** Reads the queue's ARN, then starts polling. */
        public SqsEventSourcePoller start() {
            return new SqsEventSourcePoller(this).startPolling(concurrency);
        }
    }
}
