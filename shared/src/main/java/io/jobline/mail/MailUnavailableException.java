package io.jobline.mail;

/** The mail provider could not take the message now (throttled, unreachable, failing); a later attempt may work. */
public class MailUnavailableException extends RuntimeException {

    public MailUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
