package io.jobline.queue;

import io.jobline.BackoffPolicy;
import io.jobline.Job;
import io.jobline.JobId;
import io.jobline.Priority;
import java.time.Duration;
import java.util.List;

/**
 * Hands job ids to the workers: one queue per priority, each with a dead-letter queue. Messages carry only the id:
 * the job row in the store is the truth.
 */
public interface JobQueue {

    /**
     * SQS limits message delays to 15 minutes. The same constant as {@link Job#MAX_QUEUE_DELAY}: a job due later
     * than this waits as {@code scheduled} precisely because the queue cannot delay it longer.
     */
    Duration MAX_DELAY = Job.MAX_QUEUE_DELAY;

    /**
     * SQS limits a message's visibility timeout to 12 hours. The same constant as {@link BackoffPolicy#MAX_MAX}: a
     * retry waits by hiding its message, so no backoff may ask for longer than the queue can hide it.
     */
    Duration MAX_VISIBILITY = BackoffPolicy.MAX_MAX;

    /**
     * Queues a message for the job on its priority's queue, delivered after {@code delay} (at most {@link #MAX_DELAY}).
     *
     * @throws QueueUnavailableException when the queue cannot take the message
     */
    void enqueue(JobId id, Priority priority, Duration delay);

    /**
     * Queues messages for many jobs of one priority, in as few calls as the queue allows.
     *
     * @return the ids whose message could not be queued (empty when all were)
     */
    List<JobId> enqueueAll(List<JobId> ids, Priority priority);

    /**
     * Makes a message that a worker is holding visible again only after {@code delay}: how a failed attempt waits for
     * its retry without a timer of its own.
     *
     * @param queueArn the ARN of the queue the message came from (SQS events carry it as {@code eventSourceARN})
     * @throws QueueUnavailableException when the queue cannot be reached
     */
    void redeliverAfter(String queueArn, String receiptHandle, Duration delay);

    /** Up to {@code max} messages from the dead-letter queues, for the sweep to record as failed jobs. */
    List<DeadLetter> receiveDeadLetters(int max);

    /** Removes a dead letter whose job has been recorded as failed. */
    void deleteDeadLetter(DeadLetter deadLetter);

    /** A message that SQS moved to a dead-letter queue after too many receives. */
    record DeadLetter(String queueUrl, String receiptHandle, String body, int receiveCount) {}
}
