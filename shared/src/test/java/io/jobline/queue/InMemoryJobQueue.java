package io.jobline.queue;

import io.jobline.JobId;
import io.jobline.Priority;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/** Records what would have been sent to SQS; dead letters can be planted; can be switched "down". */
public final class InMemoryJobQueue implements JobQueue {

    /** A message sent with its priority and delay. */
    public record Sent(JobId jobId, Priority priority, Duration delay) {}

    /** A visibility change made on a held message. */
    public record Redelivery(String queueArn, String receiptHandle, Duration delay) {}

    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final List<Redelivery> redeliveries = new CopyOnWriteArrayList<>();
    private final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
    private final AtomicBoolean down = new AtomicBoolean();

    @Override
    public void enqueue(JobId id, Priority priority, Duration delay) {
        checkUp();
        sent.add(new Sent(id, priority, delay));
    }

    @Override
    public List<JobId> enqueueAll(List<JobId> ids, Priority priority) {
        if (down.get()) {
            return List.copyOf(ids);
        }
        ids.forEach(id -> sent.add(new Sent(id, priority, Duration.ZERO)));
        return List.of();
    }

    @Override
    public void redeliverAfter(String queueArn, String receiptHandle, Duration delay) {
        checkUp();
        redeliveries.add(new Redelivery(queueArn, receiptHandle, delay));
    }

    @Override
    public List<DeadLetter> receiveDeadLetters(int max) {
        checkUp();
        return new ArrayList<>(deadLetters.subList(0, Math.min(max, deadLetters.size())));
    }

    @Override
    public void deleteDeadLetter(DeadLetter deadLetter) {
        checkUp();
        deadLetters.remove(deadLetter);
    }

    public void plantDeadLetter(DeadLetter deadLetter) {
        deadLetters.add(deadLetter);
    }

    public List<DeadLetter> deadLetters() {
        return List.copyOf(deadLetters);
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

    private void checkUp() {
        if (down.get()) {
            throw new QueueUnavailableException("In-memory queue is down", null);
        }
    }
}
