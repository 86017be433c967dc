package io.jobline.config;

import io.jobline.logging.LogFormat;
import io.jobline.logging.LogSettings;
import java.util.Map;

/**
 * Applies {@code JOBLINE_LOG_LEVEL} and {@code JOBLINE_LOG_FORMAT} to Jobline's logging. Handlers call it from a
 * static initializer, so even the lines logged while their dependencies are built follow it. A variable that is not
 * set changes nothing: the functions then log JSON at INFO, and the local runner text. The
 * {@code -Djobline.log.level}/{@code -Djobline.log.format} system properties win over both.
 */
public final class LogLevel {

    private LogLevel() {}

    public static void applyFromEnv(Map<String, String> env) {
        EnvReader reader = new EnvReader(env);
        var level = reader.optional(Config.LOG_LEVEL, LogSettings::parseLevel);
        var format = reader.optional(Config.LOG_FORMAT, LogFormat::parse);
        reader.throwIfInvalid();
        level.ifPresent(LogSettings::useLevel);
        format.ifPresent(LogSettings::useFormat);
    }
}
