package io.jobline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

class LocalSqsTest {

    @Test
    void closesAtOnceWithALongPollInFlight() throws Exception {
        // Regression: ElasticMQ's own stop waits for open requests, so a 20 s long poll held Ctrl-C for 20 s.
        LocalSqs sqs = LocalSqs.start();
        try (SqsClient client = LocalAws.sqs(sqs.endpoint())) {
            String queue = client.createQueue(request -> request.queueName("idle")).queueUrl();
            CompletableFuture.runAsync(
                    () -> client.receiveMessage(request -> request.queueUrl(queue).waitTimeSeconds(20)));
            TimeUnit.MILLISECONDS.sleep(300);
            long started = System.nanoTime();

            sqs.close();

            assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(5)) < 0);
        }
    }

    @Test
    void startsAgainOnTheSamePortWithNoQueues() {
        LocalSqs first = LocalSqs.start();
        int port = first.port();
        try (SqsClient client = LocalAws.sqs(first.endpoint())) {
            client.createQueue(request -> request.queueName("jobs"));
            first.close();

            try (LocalSqs second = LocalSqs.start(port)) {
                assertEquals(port, second.port());
                assertEquals(0, client.listQueues().queueUrls().size());
            }
        }
    }
}
