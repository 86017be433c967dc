package io.jobline.queue;

import io.jobline.Priority;
import java.util.List;

/** The queues of one deployment: a queue per priority and the dead-letter queue of each. */
public record QueueUrls(String normal, String high, String normalDeadLetter, String highDeadLetter) {

    public String forPriority(Priority priority) {
        return priority == Priority.HIGH ? high : normal;
    }

    public List<String> deadLetters() {
        return List.of(highDeadLetter, normalDeadLetter);
    }

    /**
     * The URL of the queue an ARN names ({@code arn:aws:sqs:region:account:name}), matched on the queue name, which a
     * queue URL ends with. Unknown ARNs (e.g. events built by hand) mean the normal queue.
     */
    public String byArn(String queueArn) {
        if (queueArn != null) {
            String name = queueArn.substring(queueArn.lastIndexOf(':') + 1);
            for (String url : List.of(high, normal, highDeadLetter, normalDeadLetter)) {
                if (url.endsWith("/" + name)) {
                    return url;
                }
            }
        }
        return normal;
    }
}
