package io.jobline.mail;

/** The mail provider refused the message; sending it again will not help. */
public class MailRejectedException extends RuntimeException {

    public MailRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
