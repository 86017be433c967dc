package io.jobline.logging;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobline.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.event.Level;

/** For tests: Jobline's log lines, as JSON at INFO, captured while open. Closing restores the defaults. */
public final class CapturedLogs implements AutoCloseable {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private CapturedLogs(Level level) {
        LogSettings.reset(level, LogFormat.JSON);
        LogSettings.useStream(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    }

    public static CapturedLogs start() {
        return new CapturedLogs(Level.INFO);
    }

    public static CapturedLogs start(Level level) {
        return new CapturedLogs(level);
    }

    public String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Every line, parsed; fails on a line that is not one JSON object. */
    public List<JsonNode> lines() {
        return text().lines().map(CapturedLogs::parse).toList();
    }

    /** The lines with this {@code message}. */
    public List<JsonNode> withMessage(String message) {
        return lines().stream().filter(line -> message.equals(line.path("message").textValue())).toList();
    }

    private static JsonNode parse(String line) {
        try {
            JsonNode node = Json.MAPPER.readTree(line);
            if (node == null || !node.isObject()) {
                throw new AssertionError("not a JSON object: " + line);
            }
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + line, e);
        }
    }

    @Override
    public void close() {
        LogSettings.useStream(null);
        LogSettings.reset(Level.INFO, LogFormat.JSON);
    }
}
