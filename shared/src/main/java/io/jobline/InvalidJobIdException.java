package io.jobline;

/** A path or message named a job with something that is not a job id. */
public class InvalidJobIdException extends ValidationException {

    public InvalidJobIdException(String text) {
        super("invalid_job_id", "Job ids are UUIDs, got: " + abbreviate(text));
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "nothing";
        }
        return text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }
}
