package io.jobline.logging;

import java.util.Locale;

/** How log lines are written: one JSON object per line (functions), or plain text for a person at a terminal. */
public enum LogFormat {
    JSON,
    TEXT;

    /** {@code json} or {@code text}, any case. */
    public static LogFormat parse(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "json" -> JSON;
            case "text" -> TEXT;
            default -> throw new IllegalArgumentException("must be json or text, got " + text);
        };
    }
}
