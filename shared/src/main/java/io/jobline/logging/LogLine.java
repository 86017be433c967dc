package io.jobline.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;

/**
 * One event rendered as one line: a JSON object with {@code timestamp}, {@code level}, {@code logger}, {@code message},
 * then the MDC entries and the event's key-value pairs as top-level fields (a pair wins over an MDC entry of the same
 * name), then {@code errorClass} and {@code error} (class, message and stack as one string) for a throwable; or the same
 * for a person, as text.
 */
record LogLine(Instant timestamp, Level level, String logger, String thread, String message,
        Map<String, String> mdc, List<KeyValuePair> pairs, Throwable throwable) {

    private static final Set<String> RESERVED = Set.of("timestamp", "level", "logger", "message");

    String render(LogFormat format) {
        return format == LogFormat.JSON ? json() : text();
    }

    String json() {
        StringBuilder out = new StringBuilder(256);
        out.append("{\"timestamp\":");
        JsonText.string(out, timestamp.toString()).append(",\"level\":\"").append(level).append("\",\"logger\":");
        JsonText.string(out, logger).append(",\"message\":");
        JsonText.string(out, message == null ? "" : message);
        fields().forEach((name, value) -> JsonText.value(JsonText.string(out.append(','), name).append(':'), value));
        return out.append('}').toString();
    }

    String text() {
        StringBuilder out = new StringBuilder(128);
        out.append(timestamp).append(" [").append(thread).append("] ").append(level).append(' ').append(logger)
                .append(" - ").append(message);
        fields().forEach((name, value) -> {
            if (!name.equals("error") && !name.equals("errorClass")) {
                out.append(' ').append(name).append('=').append(value);
            }
        });
        if (throwable != null) {
            out.append(System.lineSeparator()).append(stackTrace(throwable).stripTrailing());
        }
        return out.toString();
    }

    private Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (mdc != null) {
            mdc.forEach((name, value) -> put(fields, name, value));
        }
        if (pairs != null) {
            pairs.forEach(pair -> put(fields, pair.key, pair.value));
        }
        if (throwable != null) {
            fields.put("errorClass", throwable.getClass().getName());
            fields.put("error", stackTrace(throwable));
        }
        return fields;
    }

    /** A field named like one of the fixed ones is kept under a leading underscore rather than shadowing it. */
    private static void put(Map<String, Object> fields, String name, Object value) {
        String key = name == null ? "null" : name;
        fields.put(RESERVED.contains(key) ? "_" + key : key, value);
    }

    private static String stackTrace(Throwable throwable) {
        StringWriter trace = new StringWriter(1024);
        throwable.printStackTrace(new PrintWriter(trace));
        return trace.toString();
    }
}
