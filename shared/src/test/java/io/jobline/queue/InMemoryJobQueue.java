package io.jobline.queue;

import io.jobline.JobId;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/** Records what would have been sent to SQS; can be switched "down". */
public final class InMemoryJobQueue implements JobQueue {

    /** A message sent with its delay. */
    public record Sent(JobId jobId, Duration delay) {}

    /** A visibility change made on a held message. */
    public record Redelivery(String receiptHandle, Duration delay) {}

    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final List<Redelivery> redeliveries = new CopyOnWriteArrayList<>();
    private final AtomicBoolean down = new AtomicBoolean();

    @Override
    public void enqueue(JobId id, Duration delay) {
        if (down.get()) {
            throw new QueueUnavailableException("In-memory queue is down", null);
        }
        sent.add(new Sent(id, delay));
    }

    @Override
    public void redeliverAfter(String receiptHandle, Duration delay) {
        if (down.get()) {
            throw new QueueUnavailableException("In-memory queue is down", null);
        }
        redeliveries.add(new Redelivery(receiptHandle, delay));
    }

    public void setDown(boolean isDown) {
        down.set(isDown);
    }

    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    public List<Redelivery> redeliveries() {
        return List.copyOf(redeliveries);
    }
}
