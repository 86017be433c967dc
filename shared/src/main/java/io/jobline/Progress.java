package io.jobline;

/** How far a running job has come, as its job type reports it: 0 to 100 percent and a short message. */
public record Progress(int percent, String message) {

    public static final int MAX_MESSAGE_LENGTH = 500;

    public Progress {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("progress must be 0..100, got " + percent);
        }
        if (message != null && message.length() > MAX_MESSAGE_LENGTH) {
            message = message.substring(0, MAX_MESSAGE_LENGTH);
        }
    }
}
