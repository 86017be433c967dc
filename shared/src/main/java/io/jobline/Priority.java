package io.jobline;

import java.util.Locale;

/** Which queue a job waits in: high-priority jobs have their own queue, drained first. */
public enum Priority {
    HIGH,
    NORMAL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Priority fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
