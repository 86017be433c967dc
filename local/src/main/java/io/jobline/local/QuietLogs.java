package io.jobline.local;

/**
 * The embedded servers log every start-up step at INFO; a local run should show only their warnings. These are
 * slf4j-simple's per-logger levels, read when a logger is made, so they work if set before the server's classes load.
 * Pass {@code -Dorg.slf4j.simpleLogger.log.<prefix>=info} to see the detail again.
 */
final class QuietLogs {

    private QuietLogs() {}

    static void warningsOnly(String... loggerPrefixes) {
        for (String prefix : loggerPrefixes) {
            String key = "org.slf4j.simpleLogger.log." + prefix;
            if (System.getProperty(key) == null) {
                System.setProperty(key, "warn");
            }
        }
    }
}
