package io.jobline.mail;

/** Sends email. Implementations say whether a failure is worth retrying through the exception they throw. */
public interface Mailer {

    /**
     * Sends one message and returns the provider's message id.
     *
     * @param defaultFrom the sender used when the email names none
     * @throws MailRejectedException when the provider refuses the message for good (bad address, unverified sender)
     * @throws MailUnavailableException when sending may work later (throttling, timeouts, 5xx)
     */
    String send(Email email, String defaultFrom);
}
