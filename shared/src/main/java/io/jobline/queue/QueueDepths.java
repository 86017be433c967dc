package io.jobline.queue;

/**
 * How many messages a queue holds, as SQS approximates them (eventually consistent, good for dashboards and alarms,
 * not for decisions).
 *
 * @param visible waiting to be received ({@code ApproximateNumberOfMessages})
 * @param inFlight received by a worker and not yet deleted, or waiting out a retry's visibility timeout
 *     ({@code ApproximateNumberOfMessagesNotVisible})
 * @param delayed sent with a delay that has not passed yet ({@code ApproximateNumberOfMessagesDelayed})
 */
public record QueueDepths(long visible, long inFlight, long delayed) {

    public QueueDepths {
        if (visible < 0 || inFlight < 0 || delayed < 0) {
            throw new IllegalArgumentException("Queue depths are never negative");
        }
    }

    public static final QueueDepths EMPTY = new QueueDepths(0, 0, 0);
}
