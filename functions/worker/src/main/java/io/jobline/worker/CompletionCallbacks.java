package io.jobline.worker;

import io.jobline.Job;
import io.jobline.JobId;
import io.jobline.JobJson;
import io.jobline.JobSpec;
import io.jobline.queue.JobQueue;
import io.jobline.queue.QueueUnavailableException;
import io.jobline.store.DuplicateIdempotencyKeyException;
import io.jobline.store.JobStore;
import io.jobline.store.StoreUnavailableException;
import io.jobline.webhook.CallbackDelivery;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a job with a {@code callbackUrl} finishes, queues a {@code callback.deliver} job carrying the finished job's
 * JSON. The delivery has its own attempts and retries, so a callback that keeps failing never changes the job's own
 * outcome. Its idempotency key names the job and the moment it finished: reporting one finish twice creates one
 * delivery, while a job retried and finished again is reported again.
 */
final class CompletionCallbacks implements Consumer<Job> {

    /** A receiver that is down for a while gets retries for about a day with the default backoff. */
    static final int DELIVERY_ATTEMPTS = 10;
    private static final Logger log = LoggerFactory.getLogger(CompletionCallbacks.class);

    private final JobStore store;
    private final JobQueue queue;
    private final Clock clock;

    CompletionCallbacks(JobStore store, JobQueue queue, Clock clock) {
        this.store = store;
        this.queue = queue;
        this.clock = clock;
    }

    @Override
    public void accept(Job finished) {
        if (finished.callbackUrl() == null || finished.type().equals(CallbackDelivery.TYPE)) {
            return;
        }
        var payload = CallbackDelivery.payload(finished.callbackUrl(), JobJson.render(finished), finished.tenantId());
        Job delivery = Job.submit(JobId.random(), finished.tenantId(),
                new JobSpec(CallbackDelivery.TYPE, payload, DELIVERY_ATTEMPTS), deliveryKey(finished),
                clock.instant());
        try {
            store.insert(delivery);
        } catch (DuplicateIdempotencyKeyException alreadyQueued) {
            return;
        } catch (StoreUnavailableException e) {
            log.error("Callback for job {} to {} could not be stored and will not be sent: {}", finished.id(),
                    URI.create(finished.callbackUrl()).getHost(), e.getMessage());
            return;
        }
        try {
            queue.enqueue(delivery.id(), delivery.priority(), Duration.ZERO);
        } catch (QueueUnavailableException e) {
            log.warn("Callback job {} could not be queued now; the sweep queues it: {}", delivery.id(),
                    e.getMessage());
        }
    }

    private static String deliveryKey(Job finished) {
        return "callback:" + finished.id() + ":" + finished.finishedAt().toEpochMilli();
    }
}
