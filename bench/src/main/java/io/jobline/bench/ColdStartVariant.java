package io.jobline.bench;

import io.jobline.bench.probe.ApiProbe;
import io.jobline.bench.probe.WorkerProbe;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** One function in one build style, as {@code --only} names it ({@code api-tuned}, ...). */
enum ColdStartVariant {
    API_TUNED("api", "tuned", ApiProbe.class),
    API_NAIVE("api", "naive", ApiProbe.class),
    WORKER_TUNED("worker", "tuned", WorkerProbe.class),
    WORKER_NAIVE("worker", "naive", WorkerProbe.class);

    private final String function;
    private final String style;
    private final Class<?> probe;

    ColdStartVariant(String function, String style, Class<?> probe) {
        this.function = function;
        this.style = style;
        this.probe = probe;
    }

    /** {@code api} or {@code worker}. */
    String function() {
        return function;
    }

    /** {@code tuned} (the handler as deployed) or {@code naive} (clients on SDK defaults, built per invocation). */
    String style() {
        return style;
    }

    boolean naive() {
        return style.equals("naive");
    }

    /** The main class the child JVM runs. */
    String probeClass() {
        return probe.getName();
    }

    /** The tuned variant of the same function, to divide by. */
    ColdStartVariant tuned() {
        return this == API_NAIVE ? API_TUNED : this == WORKER_NAIVE ? WORKER_TUNED : this;
    }

    String label() {
        return function + "-" + style;
    }

    static ColdStartVariant fromLabel(String label) {
        for (ColdStartVariant variant : values()) {
            if (variant.label().equals(label.trim().toLowerCase(Locale.ROOT))) {
                return variant;
            }
        }
        throw new IllegalArgumentException("unknown variant '" + label + "'; one of "
                + Arrays.stream(values()).map(ColdStartVariant::label).collect(Collectors.joining(", ")));
    }
}
