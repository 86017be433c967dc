package io.jobline.metrics;

import io.jobline.config.MetricsConfig;
import java.time.Clock;
import java.time.Duration;

/**
 * What the use cases report about jobs. Recording only buffers; the handler calls {@link #flush} at the end of each
 * invocation, which writes everything recorded since the last flush at once.
 */
public interface JobMetrics {

    /** Records nothing: for tests that do not look at metrics, and for {@code JOBLINE_METRICS=off}. */
    JobMetrics NONE = new JobMetrics() {
        @Override
        public void jobSubmitted(String type) {}

        @Override
        public void jobSucceeded(String type, Duration duration) {}

        @Override
        public void jobFailed(String type, Duration duration) {}

        @Override
        public void jobRetried(String type) {}

        @Override
        public void queueAge(String type, Duration age) {}

        @Override
        public void flush() {}
    };

    /** The service dimension of the API function's metrics. */
    String API = "api";
    /** The service dimension of the worker function's metrics. */
    String WORKER = "worker";

    void jobSubmitted(String type);

    /** A job's last attempt succeeded after running for {@code duration}. */
    void jobSucceeded(String type, Duration duration);

    /** A job failed for good; {@code duration} is its last attempt's. */
    void jobFailed(String type, Duration duration);

    /** An attempt failed and the job will be tried again. */
    void jobRetried(String type);

    /** How long a job waited between being due (its run-at time) and the start of an attempt. */
    void queueAge(String type, Duration age);

    void flush();

    /** EMF lines on stdout under {@code service} when metrics are on, else {@link #NONE}. */
    static JobMetrics forService(MetricsConfig config, String service) {
        // Looks System.out up at each line rather than once, so a test that swaps it sees the lines.
        return config.enabled()
                ? new EmfMetrics(config.namespace(), service, line -> System.out.println(line), Clock.systemUTC())
                : NONE;
    }
}
