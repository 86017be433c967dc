package io.jobline.logging;

import java.time.Instant;
import java.util.List;
import org.slf4j.Marker;
import org.slf4j.MDC;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LoggingEventAware;

/**
 * A logger that writes each event as one line, in one {@code println} on the shared stream (a {@code PrintStream}
 * locks around it), so lines from concurrent threads never interleave. Implementing {@link LoggingEventAware} makes
 * the fluent API's {@code addKeyValue} pairs arrive here as pairs, not flattened into the message.
 */
final class JoblineLogger extends LegacyAbstractLogger implements LoggingEventAware {

    private final transient Object lock = new Object();
    private volatile int generation = -1;
    private volatile int threshold;

    JoblineLogger(String name) {
        this.name = name;
    }

    private boolean enabled(Level level) {
        int current = LogSettings.generation();
        if (current != generation) {
            synchronized (lock) {
                threshold = LogSettings.levelOf(name).toInt();
                generation = current;
            }
        }
        return level.toInt() >= threshold;
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String messagePattern, Object[] arguments,
            Throwable throwable) {
        write(level, MessageFormatter.basicArrayFormat(messagePattern, arguments), List.of(), throwable,
                System.currentTimeMillis());
    }

    @Override
    public void log(LoggingEvent event) {
        if (!enabled(event.getLevel())) {
            return;
        }
        write(event.getLevel(), MessageFormatter.basicArrayFormat(event.getMessage(), event.getArgumentArray()),
                event.getKeyValuePairs(), event.getThrowable(), event.getTimeStamp());
    }

    private void write(Level level, String message, List<KeyValuePair> pairs, Throwable throwable, long millis) {
        LogLine line = new LogLine(Instant.ofEpochMilli(millis == 0 ? System.currentTimeMillis() : millis), level,
                name, Thread.currentThread().getName(), message, MDC.getCopyOfContextMap(), pairs, throwable);
        LogSettings.stream().println(line.render(LogSettings.format()));
    }
}
