package io.jobline.local;

import io.jobline.queue.QueueDepths;
import io.jobline.queue.SqsQueueMonitor;
import java.util.List;
import java.util.Map;

/** A running LocalJobline's queue depths, read the way {@code GET /stats} reads them. */
final class QueueDepthsOf {

    /** The job queues of both priorities, without their dead-letter queues. */
    private static final List<String> JOB_QUEUES = List.of("jobs", "jobs-high");

    private QueueDepthsOf() {}

    /** Every queue by its {@code GET /stats} name: {@code jobs}, {@code jobs-dlq}, {@code jobs-high}, ... */
    static Map<String, QueueDepths> allQueues(LocalJobline jobline) {
        return SqsQueueMonitor.forQueues(jobline.sqs(), jobline.config().queues()).depths();
    }

    /** Messages in the job queues (both priorities): visible, in flight and delayed. */
    static long jobMessages(LocalJobline jobline) {
        return jobQueues(jobline).stream().mapToLong(QueueDepthsOf::total).sum();
    }

    /** Messages visible or in flight in the job queues (both priorities); delayed ones not counted. */
    static long jobMessagesDue(LocalJobline jobline) {
        return jobQueues(jobline).stream().mapToLong(depths -> depths.visible() + depths.inFlight()).sum();
    }

    static long total(QueueDepths depths) {
        return depths.visible() + depths.inFlight() + depths.delayed();
    }

    private static List<QueueDepths> jobQueues(LocalJobline jobline) {
        Map<String, QueueDepths> all = allQueues(jobline);
        return JOB_QUEUES.stream().map(all::get).toList();
    }
}
