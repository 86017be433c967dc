package io.jobline.schedule;

/** No schedule of this name is visible to the caller: it does not exist, or it belongs to another tenant. */
public class ScheduleNotFoundException extends RuntimeException {

    public ScheduleNotFoundException(String name) {
        super("Schedule '" + abbreviate(name) + "' does not exist");
    }

    private static String abbreviate(String name) {
        return name != null && name.length() > 100 ? name.substring(0, 100) + "..." : name;
    }
}
