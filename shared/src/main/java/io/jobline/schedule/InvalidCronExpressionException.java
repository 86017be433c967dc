package io.jobline.schedule;

/** A cron expression Jobline cannot use; the message says what is wrong, in words fit for an API client. */
public class InvalidCronExpressionException extends IllegalArgumentException {

    public InvalidCronExpressionException(String problem) {
        super(problem);
    }
}
