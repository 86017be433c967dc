package io.jobline.queue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/** A {@link QueueMonitor} that reports what a test set; can be switched "down". */
public final class FixedQueueMonitor implements QueueMonitor {

    private final Map<String, QueueDepths> depths = new LinkedHashMap<>();
    private final AtomicBoolean down = new AtomicBoolean();

    /** The four queues of a deployment, empty. */
    public static FixedQueueMonitor emptyQueues() {
        return new FixedQueueMonitor()
                .set("jobs", QueueDepths.EMPTY)
                .set("jobs-dlq", QueueDepths.EMPTY)
                .set("jobs-high", QueueDepths.EMPTY)
                .set("jobs-high-dlq", QueueDepths.EMPTY);
    }

    public synchronized FixedQueueMonitor set(String queue, QueueDepths queueDepths) {
        depths.put(queue, queueDepths);
        return this;
    }

    public void setDown(boolean isDown) {
        down.set(isDown);
    }

    @Override
    public synchronized Map<String, QueueDepths> depths() {
        if (down.get()) {
            throw new QueueUnavailableException("In-memory queue monitor is down", null);
        }
        return new LinkedHashMap<>(depths);
    }
}
