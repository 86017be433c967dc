package io.jobline.logging;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.event.Level;

/**
 * The level, per-logger levels, format and stream of Jobline's logging, changeable at any time (loggers re-read them
 * after a change). Start values come from system properties, which win over anything set later through
 * {@link #useLevel}/{@link #useFormat} without {@code force}: {@code -Djobline.log.level=debug},
 * {@code -Djobline.log.level.io.jobline.worker=trace}, {@code -Djobline.log.format=text}.
 */
public final class LogSettings {

    public static final String LEVEL_PROPERTY = "jobline.log.level";
    public static final String FORMAT_PROPERTY = "jobline.log.format";

    private static final AtomicInteger GENERATION = new AtomicInteger();
    private static volatile Level rootLevel = Level.INFO;
    /** Longest prefix first, so the most specific setting wins. */
    private static volatile Map<String, Level> prefixLevels = Map.of();
    private static volatile LogFormat format = LogFormat.JSON;
    private static volatile PrintStream stream;

    static {
        Optional.ofNullable(System.getProperty(LEVEL_PROPERTY)).map(LogSettings::parseLevel)
                .ifPresent(level -> rootLevel = level);
        Optional.ofNullable(System.getProperty(FORMAT_PROPERTY)).map(LogFormat::parse)
                .ifPresent(value -> format = value);
        Map<String, Level> prefixes = new TreeMap<>(LogSettings::longestFirst);
        String propertyPrefix = LEVEL_PROPERTY + ".";
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith(propertyPrefix)) {
                prefixes.put(name.substring(propertyPrefix.length()), parseLevel(System.getProperty(name)));
            }
        }
        prefixLevels = prefixes;
    }

    private LogSettings() {}

    /** Sets the level of every logger without a level of its own, unless {@code -Djobline.log.level} was given. */
    public static void useLevel(Level level) {
        if (System.getProperty(LEVEL_PROPERTY) == null) {
            rootLevel = level;
            GENERATION.incrementAndGet();
        }
    }

    /** Sets the level of the loggers under {@code prefix} (a package or class name), unless a property set it. */
    public static synchronized void useLevel(String prefix, Level level) {
        if (System.getProperty(LEVEL_PROPERTY + "." + prefix) != null) {
            return;
        }
        Map<String, Level> prefixes = new TreeMap<>(LogSettings::longestFirst);
        prefixes.putAll(prefixLevels);
        prefixes.put(prefix, level);
        prefixLevels = prefixes;
        GENERATION.incrementAndGet();
    }

    /** Sets the format, unless {@code -Djobline.log.format} was given. */
    public static void useFormat(LogFormat value) {
        if (System.getProperty(FORMAT_PROPERTY) == null) {
            format = value;
        }
    }

    /** For tests: writes to {@code out} instead of {@code System.err}; null goes back to {@code System.err}. */
    public static void useStream(PrintStream out) {
        stream = out;
    }

    /** For tests: sets the level and format regardless of system properties, and drops per-logger levels. */
    public static synchronized void reset(Level level, LogFormat value) {
        rootLevel = level;
        format = value;
        prefixLevels = Map.of();
        GENERATION.incrementAndGet();
    }

    /** {@code error}, {@code warn}, {@code info}, {@code debug} or {@code trace}, any case. */
    public static Level parseLevel(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "error" -> Level.ERROR;
            case "warn" -> Level.WARN;
            case "info" -> Level.INFO;
            case "debug" -> Level.DEBUG;
            case "trace" -> Level.TRACE;
            default -> throw new IllegalArgumentException("must be one of ERROR, WARN, INFO, DEBUG, TRACE, got " + text);
        };
    }

    static int generation() {
        return GENERATION.get();
    }

    static Level levelOf(String loggerName) {
        for (Map.Entry<String, Level> prefix : prefixLevels.entrySet()) {
            String name = prefix.getKey();
            if (loggerName.startsWith(name)
                    && (loggerName.length() == name.length() || loggerName.charAt(name.length()) == '.')) {
                return prefix.getValue();
            }
        }
        return rootLevel;
    }

    static LogFormat format() {
        return format;
    }

    /** Read at each line, so a test's {@code System.setErr} is seen. */
    static PrintStream stream() {
        PrintStream out = stream;
        return out != null ? out : System.err;
    }

    private static int longestFirst(String a, String b) {
        int byLength = Integer.compare(b.length(), a.length());
        return byLength != 0 ? byLength : a.compareTo(b);
    }
}
