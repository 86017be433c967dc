package io.jobline.schedule;

/** The tenant already has a schedule of this name: names are how clients address schedules, so they are unique. */
public class ScheduleExistsException extends RuntimeException {

    public ScheduleExistsException(String name) {
        super("A schedule named '" + name + "' already exists; delete it first or choose another name");
    }
}
