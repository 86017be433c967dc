package io.jobline.local;

import io.jobline.logging.LogSettings;
import org.slf4j.event.Level;

/**
 * The embedded servers log every start-up step at INFO; a local run should show only their warnings. Pass
 * {@code -Djobline.log.level.<prefix>=info} to see the detail again (a system property wins over this).
 */
final class QuietLogs {

    private QuietLogs() {}

    static void warningsOnly(String... loggerPrefixes) {
        for (String prefix : loggerPrefixes) {
            LogSettings.useLevel(prefix, Level.WARN);
        }
    }
}
