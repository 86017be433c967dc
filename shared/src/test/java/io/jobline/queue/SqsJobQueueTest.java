package io.jobline.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jobline.JobId;
import io.jobline.Priority;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

class SqsJobQueueTest {

    private static final QueueUrls URLS = new QueueUrls("http://q/jobs", "http://q/jobs-high", "http://q/jobs-dlq",
            "http://q/jobs-high-dlq");

    /** An SQS client whose every call fails as the URLConnection client does on a reset connection. */
    private static SqsClient resettingConnections() {
        return (SqsClient) Proxy.newProxyInstance(SqsClient.class.getClassLoader(), new Class<?>[] {SqsClient.class},
                (proxy, method, args) -> {
                    throw new UncheckedIOException(new IOException("Error writing to server"));
                });
    }

    /** Regression (found by FaultScenariosIT): a reset connection gave a 500 and left the job's row behind. */
    @Test
    void aResetConnectionIsAnUnavailableQueue() {
        SqsJobQueue queue = new SqsJobQueue(resettingConnections(), URLS);

        assertThrows(QueueUnavailableException.class, () -> queue.enqueue(JobId.random(), Priority.NORMAL,
                Duration.ZERO));
        assertThrows(QueueUnavailableException.class, () -> queue.redeliverAfter("arn:aws:sqs:r:1:jobs", "h",
                Duration.ofSeconds(1)));
        assertThrows(QueueUnavailableException.class, () -> queue.receiveDeadLetters(10));
    }

    @Test
    void aBatchThatCannotBeSentReportsEveryJob() {
        SqsJobQueue queue = new SqsJobQueue(resettingConnections(), URLS);
        List<JobId> ids = List.of(JobId.random(), JobId.random());

        assertEquals(ids, queue.enqueueAll(ids, Priority.HIGH));
    }

    @Test
    void aMessageIsDelayedOnTheQueueItCameFrom() {
        assertEquals("http://q/jobs-high", URLS.byArn("arn:aws:sqs:us-east-1:123456789012:jobs-high"));
        assertEquals("http://q/jobs", URLS.byArn("arn:aws:sqs:us-east-1:123456789012:jobs"));
        assertEquals("http://q/jobs", URLS.byArn(null));
    }

    /** Regression: the timeout was rounded down, so a retry showed up to a second before it was due. */
    @Test
    void aVisibilityTimeoutIsRoundedUpToWholeSecondsAndCappedAtTheQueueLimit() {
        assertEquals(0, SqsJobQueue.visibilitySeconds(Duration.ZERO));
        assertEquals(1, SqsJobQueue.visibilitySeconds(Duration.ofMillis(1)));
        assertEquals(1, SqsJobQueue.visibilitySeconds(Duration.ofMillis(1000)));
        assertEquals(2, SqsJobQueue.visibilitySeconds(Duration.ofMillis(1001)));
        assertEquals(0, SqsJobQueue.visibilitySeconds(Duration.ofSeconds(-3)));
        assertEquals(43_200, SqsJobQueue.visibilitySeconds(JobQueue.MAX_VISIBILITY.plusMillis(1)));
    }
}
