package io.jobline.config;

import java.util.Locale;

/**
 * Whether the functions emit CloudWatch metrics in the Embedded Metric Format ({@code JOBLINE_METRICS=emf|off},
 * default {@code emf}) and under which namespace ({@code JOBLINE_METRICS_NAMESPACE}, default {@code Jobline}).
 */
public record MetricsConfig(boolean enabled, String namespace) {

    public static final String METRICS = "JOBLINE_METRICS";
    public static final String NAMESPACE = "JOBLINE_METRICS_NAMESPACE";
    public static final String DEFAULT_NAMESPACE = "Jobline";

    static MetricsConfig read(EnvReader reader) {
        boolean enabled = reader.optional(METRICS, MetricsConfig::emfOrOff).orElse(true);
        String namespace = reader.optional(NAMESPACE, MetricsConfig::namespace).orElse(DEFAULT_NAMESPACE);
        return new MetricsConfig(enabled, namespace);
    }

    private static boolean emfOrOff(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "emf" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException("must be emf or off, got " + text);
        };
    }

    /** CloudWatch's rule for namespaces: up to 255 of letters, digits and {@code . - _ / # : space}, not starting with ':'. */
    private static String namespace(String text) {
        if (!text.matches("[A-Za-z0-9.\\-_/#: ]{1,255}") || text.startsWith(":")) {
            throw new IllegalArgumentException("must be a CloudWatch namespace (letters, digits, . - _ / # : space)");
        }
        return text;
    }
}
