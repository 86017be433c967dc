package io.jobline.metrics;

import io.jobline.logging.JsonText;
import java.util.List;
import java.util.Map;

/**
 * One EMF document: {@code _aws} metadata with one metric directive (namespace, one dimension set, the metrics
 * present), then the dimension values and metric values as top-level members; a metric with several samples is an
 * array.
 */
final class EmfDocument {

    /** The specification's limit on the values of one metric in one document. */
    static final int MAX_VALUES = 100;

    private EmfDocument() {}

    static String render(String namespace, Map<String, String> dimensions, Map<JobMetric, List<Long>> values,
            long timestamp) {
        StringBuilder out = new StringBuilder(256);
        out.append("{\"_aws\":{\"Timestamp\":").append(timestamp).append(",\"CloudWatchMetrics\":[{\"Namespace\":");
        JsonText.string(out, namespace).append(",\"Dimensions\":[[");
        String separator = "";
        for (String dimension : dimensions.keySet()) {
            JsonText.string(out.append(separator), dimension);
            separator = ",";
        }
        out.append("]],\"Metrics\":[");
        separator = "";
        for (JobMetric metric : values.keySet()) {
            out.append(separator).append("{\"Name\":");
            JsonText.string(out, metric.cloudWatchName()).append(",\"Unit\":");
            JsonText.string(out, metric.unit().cloudWatchName()).append('}');
            separator = ",";
        }
        out.append("]}]}");
        dimensions.forEach((name, value) -> JsonText.string(JsonText.string(out.append(','), name).append(':'), value));
        values.forEach((metric, samples) -> {
            JsonText.string(out.append(','), metric.cloudWatchName()).append(':');
            if (samples.size() == 1) {
                out.append(samples.getFirst());
            } else {
                out.append('[');
                for (int i = 0; i < samples.size(); i++) {
                    out.append(i == 0 ? "" : ",").append(samples.get(i));
                }
                out.append(']');
            }
        });
        return out.append('}').toString();
    }
}
