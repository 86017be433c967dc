package io.jobline.queue;

import java.util.Map;

/** Reports how full Jobline's queues are, for {@code GET /stats}. */
public interface QueueMonitor {

    /**
     * The depths of every queue, keyed by its role rather than its deployment-specific name: {@code "jobs"} and its
     * dead-letter queue {@code "jobs-dlq"}, {@code "jobs-high"} and {@code "jobs-high-dlq"}, in a stable order.
     *
     * @throws QueueUnavailableException when a queue cannot be asked
     */
    Map<String, QueueDepths> depths();
}
