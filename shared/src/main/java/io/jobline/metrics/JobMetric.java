package io.jobline.metrics;

import java.util.Locale;

/** The metrics Jobline emits, with their CloudWatch names and units. Alarms in template.yaml may use only these. */
public enum JobMetric {
    JOBS_SUBMITTED(Unit.COUNT),
    JOBS_SUCCEEDED(Unit.COUNT),
    JOBS_FAILED(Unit.COUNT),
    JOBS_RETRIED(Unit.COUNT),
    JOB_DURATION(Unit.MILLISECONDS),
    QUEUE_AGE(Unit.MILLISECONDS);

    /** CloudWatch units: a count is summed into one value per document, a time is kept sample by sample. */
    public enum Unit {
        COUNT,
        MILLISECONDS;

        /** {@code Count}, {@code Milliseconds}: the names CloudWatch knows them by. */
        public String cloudWatchName() {
            return name().charAt(0) + name().substring(1).toLowerCase(Locale.ROOT);
        }
    }

    private final Unit unit;

    JobMetric(Unit unit) {
        this.unit = unit;
    }

    /** The constant's name in CamelCase: {@code JOBS_SUBMITTED} is {@code JobsSubmitted}. */
    public String cloudWatchName() {
        StringBuilder name = new StringBuilder();
        for (String word : name().split("_")) {
            name.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
        }
        return name.toString();
    }

    public Unit unit() {
        return unit;
    }
}
