package io.jobline.queue;

import io.jobline.JobId;
import java.time.Duration;

/** Hands job ids to the workers. Messages carry only the id: the job row in the store is the truth. */
public interface JobQueue {

    /**
     * Queues a message for the job, delivered after {@code delay} (at most {@link #MAX_DELAY}).
     *
     * @throws QueueUnavailableException when the queue cannot take the message
     */
    void enqueue(JobId id, Duration delay);

    /**
     * Makes a message that a worker is holding visible again only after {@code delay}: how a failed attempt waits for
     * its retry without a timer of its own.
     *
     * @throws QueueUnavailableException when the queue cannot be reached
     */
    void redeliverAfter(String receiptHandle, Duration delay);

    /** SQS limits message delays to 15 minutes. */
    Duration MAX_DELAY = Duration.ofMinutes(15);

    /** SQS limits a message's visibility timeout to 12 hours. */
    Duration MAX_VISIBILITY = Duration.ofHours(12);
}
