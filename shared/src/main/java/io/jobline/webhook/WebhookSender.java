package io.jobline.webhook;

/** Makes the HTTP POST of a webhook or callback, through the SSRF guard. */
public interface WebhookSender {

    /**
     * Sends {@code webhook} and returns whatever status the server answered; redirects are returned, not followed.
     *
     * @throws RefusedAddressException if the host is, or resolves to, an address the policy refuses (permanent)
     * @throws WebhookUnavailableException if there was no HTTP answer: DNS failure, connection error, timeout
     */
    WebhookResponse send(Webhook webhook);
}
