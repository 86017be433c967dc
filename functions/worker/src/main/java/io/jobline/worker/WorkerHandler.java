package io.jobline.worker;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.jobline.JobId;
import io.jobline.Json;
import io.jobline.config.Config;
import io.jobline.config.LogLevel;
import io.jobline.mail.Email;
import io.jobline.metrics.JobMetrics;
import io.jobline.queue.JobMessage;
import io.jobline.snapstart.SnapStartHooks;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The worker function: an SQS batch in, the messages to redeliver out ({@code ReportBatchItemFailures}). One message's
 * failure never fails the rest of the batch.
 */
public final class WorkerHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    static {
        // Before any logger of this function is created.
        LogLevel.applyFromEnv(System.getenv());
    }


    private static final Logger log = LoggerFactory.getLogger(WorkerHandler.class);

    private final RunJob runJob;
    private final SnapStartHooks snapStartHooks;
    private final JobMetrics metrics;

    /** Used by Lambda: configuration from the environment, clients built once per instance. */
    public WorkerHandler() {
        this(Dependencies.fromConfig(Config.fromEnv(System.getenv())));
    }

    public WorkerHandler(Dependencies deps) {
        this.runJob = new RunJob(deps.store(), deps.queue(), deps.cache(), deps.runners(), deps.clock(),
                deps.jobLease(), deps.onFinished(), deps.rateLimiter(), deps.rateLimits(),
                deps.retryBackoff(), deps.concurrencyLimiter(), deps.concurrencyLimits(), deps.metrics());
        this.metrics = deps.metrics();
        this.snapStartHooks = SnapStartHooks.register("jobline-worker", WorkerHandler::prime, deps.dropConnections(),
                () -> {});
    }

    /** The hooks registered for SnapStart; for tests, which run them as a snapshot would. */
    SnapStartHooks snapStartHooks() {
        return snapStartHooks;
    }

    /** Runs the message and payload parsing once without touching PostgreSQL, SQS, Redis or SES. */
    static void prime() {
        JobMessage.jobId(JobMessage.body(JobId.random()));
        Email.fromPayload(Json.MAPPER.createObjectNode()
                .put("subject", "s")
                .put("text", "t")
                .set("to", Json.MAPPER.createArrayNode().add("prime@example.com")));
        new SQSBatchResponse(List.of(new SQSBatchResponse.BatchItemFailure("prime")));
    }

    /** Each message leaves one {@code "job attempt"} line; the batch's metrics are written at its end. */
    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        String requestId = context == null ? null : context.getAwsRequestId();
        if (requestId != null) {
            MDC.put("requestId", requestId);
        }
        try {
            List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
            for (SQSEvent.SQSMessage message : event.getRecords()) {
                if (process(message, requestId) == RunJob.Outcome.REDELIVER) {
                    failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
                }
            }
            return new SQSBatchResponse(failures);
        } finally {
            MDC.remove("requestId");
            metrics.flush();
        }
    }

    private static int receiveCount(SQSEvent.SQSMessage message) {
        String count = message.getAttributes() == null ? null : message.getAttributes().get("ApproximateReceiveCount");
        try {
            return count == null ? 1 : Integer.parseInt(count);
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private RunJob.Outcome process(SQSEvent.SQSMessage message, String requestId) {
        try {
            return runJob.process(new RunJob.QueueMessage(
                    message.getMessageId(), message.getBody(), message.getReceiptHandle(),
                    message.getEventSourceArn(), requestId, receiveCount(message)));
        } catch (RuntimeException e) {
            log.warn("Message {} left for redelivery: {}", message.getMessageId(), e.toString());
            return RunJob.Outcome.REDELIVER;
        }
    }
}
