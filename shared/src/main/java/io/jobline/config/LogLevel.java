package io.jobline.config;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Sets the log level from {@code JOBLINE_LOG_LEVEL} before the first logger exists: handlers call it from a static
 * initializer placed above their logger fields, since slf4j-simple reads its level once, at its first logger.
 */
public final class LogLevel {

    private static final Set<String> LEVELS = Set.of("error", "warn", "info", "debug", "trace");
    private static final String SIMPLE_LOGGER_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    private LogLevel() {}

    public static void applyFromEnv(Map<String, String> env) {
        String level = env.get(Config.LOG_LEVEL);
        if (level == null || level.isBlank() || System.getProperty(SIMPLE_LOGGER_LEVEL) != null) {
            return;
        }
        String normalized = level.strip().toLowerCase(Locale.ROOT);
        if (!LEVELS.contains(normalized)) {
            throw new ConfigException(java.util.List.of(
                    Config.LOG_LEVEL + " must be one of ERROR, WARN, INFO, DEBUG, TRACE, got " + level));
        }
        System.setProperty(SIMPLE_LOGGER_LEVEL, normalized);
    }
}
