package io.jobline.webhook;

/**
 * The request did not get an HTTP answer, for reasons that may pass: the host did not resolve, the connection was
 * refused or reset, or the server did not answer within the timeout. Worth retrying.
 */
public class WebhookUnavailableException extends RuntimeException {

    public WebhookUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
