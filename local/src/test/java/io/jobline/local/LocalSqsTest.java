package io.jobline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

class LocalSqsTest {

    /** A hang guard below the poll's 20 s: a close that waited for the poll would also let it complete normally. */
    @Test
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void closesWithALongPollInFlight() throws Exception {
        // Regression: ElasticMQ's own stop waits for open requests, so a 20 s long poll held Ctrl-C for 20 s.
        LocalSqs sqs = LocalSqs.start();
        try (SqsClient client = LocalAws.sqs(sqs.endpoint())) {
            String queue = client.createQueue(request -> request.queueName("idle")).queueUrl();
            CompletableFuture<ReceiveMessageResponse> poll = CompletableFuture.supplyAsync(
                    () -> client.receiveMessage(request -> request.queueUrl(queue).waitTimeSeconds(20)));
            TimeUnit.MILLISECONDS.sleep(300);

            sqs.close();

            assertFalse(poll.isDone() && !poll.isCompletedExceptionally(), "the long poll was waited for");
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
