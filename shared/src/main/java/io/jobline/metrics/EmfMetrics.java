package io.jobline.metrics;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Buffers samples per job type and flushes them as CloudWatch Embedded Metric Format documents, one line per
 * dimension set: {@code [Service]} with every type's samples, then {@code [Service, JobType]} for each type. The lines
 * go straight to their sink (stdout), not through the logger, so each one is exactly an EMF object.
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html">EMF specification</a>
 */
public final class EmfMetrics implements JobMetrics {

    public static final String SERVICE = "Service";
    public static final String JOB_TYPE = "JobType";
    /** The dimension sets this emitter writes; template.yaml's alarms may use only these. */
    public static final List<List<String>> DIMENSION_SETS = List.of(List.of(SERVICE), List.of(SERVICE, JOB_TYPE));

    private final String namespace;
    private final String service;
    private final Consumer<String> sink;
    private final Clock clock;
    /** Guarded by this; several threads may share one handler (the local runner's workers). */
    private Map<String, Samples> byType = new TreeMap<>();

    public EmfMetrics(String namespace, String service, Consumer<String> sink, Clock clock) {
        this.namespace = namespace;
        this.service = service;
        this.sink = sink;
        this.clock = clock;
    }

    @Override
    public void jobSubmitted(String type) {
        record(type, JobMetric.JOBS_SUBMITTED, 1);
    }

    @Override
    public void jobSucceeded(String type, Duration duration) {
        record(type, JobMetric.JOBS_SUCCEEDED, 1);
        record(type, JobMetric.JOB_DURATION, duration.toMillis());
    }

    @Override
    public void jobFailed(String type, Duration duration) {
        record(type, JobMetric.JOBS_FAILED, 1);
        record(type, JobMetric.JOB_DURATION, duration.toMillis());
    }

    @Override
    public void jobRetried(String type) {
        record(type, JobMetric.JOBS_RETRIED, 1);
    }

    @Override
    public void queueAge(String type, Duration age) {
        record(type, JobMetric.QUEUE_AGE, Math.max(0, age.toMillis()));
    }

    private synchronized void record(String type, JobMetric metric, long value) {
        byType.computeIfAbsent(type, any -> new Samples()).add(metric, value);
    }

    @Override
    public void flush() {
        Map<String, Samples> recorded;
        synchronized (this) {
            if (byType.isEmpty()) {
                return;
            }
            recorded = byType;
            byType = new TreeMap<>();
        }
        long timestamp = clock.millis();
        Samples all = new Samples();
        recorded.values().forEach(all::addAll);
        documents(Map.of(SERVICE, service), all, timestamp).forEach(sink);
        recorded.forEach((type, samples) -> {
            Map<String, String> dimensions = new LinkedHashMap<>();
            dimensions.put(SERVICE, service);
            dimensions.put(JOB_TYPE, type);
            documents(dimensions, samples, timestamp).forEach(sink);
        });
    }

    /** Usually one document; more when a metric has over 100 samples, the most one EMF array may hold. */
    private List<String> documents(Map<String, String> dimensions, Samples samples, long timestamp) {
        List<String> documents = new ArrayList<>();
        for (int from = 0; from < samples.mostValues(); from += EmfDocument.MAX_VALUES) {
            documents.add(EmfDocument.render(namespace, dimensions, samples.slice(from), timestamp));
        }
        return documents;
    }

    /** Counts summed into one value, times kept one by one. */
    private static final class Samples {
        private final Map<JobMetric, List<Long>> values = new EnumMap<>(JobMetric.class);

        void add(JobMetric metric, long value) {
            List<Long> list = values.computeIfAbsent(metric, any -> new ArrayList<>());
            if (metric.unit() == JobMetric.Unit.COUNT && !list.isEmpty()) {
                list.set(0, list.getFirst() + value);
            } else {
                list.add(value);
            }
        }

        void addAll(Samples other) {
            other.values.forEach((metric, list) -> list.forEach(value -> add(metric, value)));
        }

        int mostValues() {
            return values.values().stream().mapToInt(List::size).max().orElse(0);
        }

        Map<JobMetric, List<Long>> slice(int from) {
            Map<JobMetric, List<Long>> slice = new EnumMap<>(JobMetric.class);
            values.forEach((metric, list) -> {
                if (from < list.size()) {
                    slice.put(metric, list.subList(from, Math.min(list.size(), from + EmfDocument.MAX_VALUES)));
                }
            });
            return slice;
        }
    }
}
