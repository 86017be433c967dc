package io.jobline.bench.probe;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.jobline.worker.WorkerHandler;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One cold start of the worker function: construct the handler (Lambda's init), then handle a one-message SQS batch
 * for a job the benchmark has queued (it checks afterwards that the job succeeded).
 *
 * <p>Arguments: the launch time in epoch milliseconds, {@code tuned} ({@link WorkerHandler}, as deployed) or {@code
 * naive} ({@link NaiveWorkerHandler}), and the job id. Exit code 0 when the batch reported no item failure.
 */
public final class WorkerProbe {

    private WorkerProbe() {}

    public static void main(String[] args) {
        String jobId = args[2];
        ColdStart.<SQSEvent, SQSBatchResponse>run(args, "worker", variant -> switch (variant) {
            case "tuned" -> new WorkerHandler();
            case "naive" -> new NaiveWorkerHandler();
            default -> throw ColdStart.unknownVariant(variant);
        }, WorkerProbe::batchOf, response -> {
            boolean ok = response.getBatchItemFailures() != null && response.getBatchItemFailures().isEmpty();
            return new ColdStart.Outcome(ok,
                    ok ? jobId : "batch item failures: " + response.getBatchItemFailures().size());
        });
    }

    /** The event Lambda's SQS event source mapping sends for one message. */
    static SQSEvent batchOf(String jobId) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(UUID.randomUUID().toString());
        message.setReceiptHandle("coldstart-" + UUID.randomUUID());
        message.setBody("{\"jobId\":\"" + jobId + "\"}");
        message.setAttributes(Map.of(
                "ApproximateReceiveCount", "1",
                "SentTimestamp", String.valueOf(System.currentTimeMillis())));
        message.setMessageAttributes(Map.of());
        message.setEventSource("aws:sqs");
        message.setEventSourceArn("arn:aws:sqs:us-east-1:000000000000:jobline-jobs");
        message.setAwsRegion("us-east-1");
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(message));
        return event;
    }
}
