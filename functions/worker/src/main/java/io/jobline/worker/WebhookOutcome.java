package io.jobline.worker;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobline.webhook.RefusedAddressException;
import io.jobline.webhook.Webhook;
import io.jobline.webhook.WebhookResponse;
import io.jobline.webhook.WebhookSender;
import io.jobline.webhook.WebhookUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Sends one webhook or callback and turns what happened into a job outcome, the same for both:
 *
 * <ul>
 *   <li>2xx: success, the result is the response ({@code status}, {@code headers}, {@code bodyExcerpt});
 *   <li>408, 429, 5xx, timeouts, connection and DNS errors: retryable, honouring {@code Retry-After} on 429 and 503;
 *   <li>3xx: permanent, redirects are not followed (a redirect to an internal address would bypass the SSRF guard);
 *   <li>other 4xx, and an address the policy refuses: permanent.
 * </ul>
 */
final class WebhookOutcome {

    private static final int MAX_EXCERPT_IN_ERROR = 200;

    private WebhookOutcome() {}

    static JsonNode send(WebhookSender sender, Webhook webhook, String what, Clock clock) {
        WebhookResponse response;
        try {
            response = sender.send(webhook);
        } catch (RefusedAddressException e) {
            throw new PermanentJobFailureException(e.getMessage(), e);
        } catch (WebhookUnavailableException e) {
            throw new RetryableJobFailureException(e.getMessage(), Optional.empty(), e);
        }
        int status = response.status();
        if (response.isSuccess()) {
            return response.toJson();
        }
        String answered = what + " answered HTTP " + status;
        if (status >= 300 && status <= 399) {
            throw new PermanentJobFailureException(answered + " (a redirect"
                    + Optional.ofNullable(response.headers().get("location")).map(to -> " to " + to).orElse("")
                    + "); redirects are not followed, use the final URL", null);
        }
        String error = answered + excerpt(response);
        if (status == 408 || status == 429 || status >= 500 && status <= 599) {
            Optional<Duration> retryAfter = status == 429 || status == 503
                    ? response.retryAfter(clock.instant())
                    : Optional.empty();
            throw new RetryableJobFailureException(error, retryAfter, null);
        }
        throw new PermanentJobFailureException(error, null);
    }

    private static String excerpt(WebhookResponse response) {
        String body = response.bodyExcerpt().strip();
        if (body.isEmpty()) {
            return "";
        }
        return ": " + (body.length() > MAX_EXCERPT_IN_ERROR ? body.substring(0, MAX_EXCERPT_IN_ERROR) + "..." : body);
    }
}
