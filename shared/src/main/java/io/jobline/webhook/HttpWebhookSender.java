package io.jobline.webhook;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends webhooks with the JDK's {@link HttpClient}: HTTP/1.1, no proxy, redirects never followed (a redirect to an
 * internal address would bypass the guard), every connection admitted by the {@link AddressGuard} first. One client
 * per worker instance, built on the first webhook it sends.
 *
 * <p>Messages name the host, never the whole URL: webhook URLs often carry tokens in their path or query.
 */
public final class HttpWebhookSender implements WebhookSender {

    public static final String USER_AGENT = "Jobline-Webhooks/1.0";

    private static final Logger log = LoggerFactory.getLogger(HttpWebhookSender.class);
    private static final AtomicBoolean warnedUnpinned = new AtomicBoolean();

    /** Built on the first webhook: the JDK client costs a cold start ~50 ms and 500 classes most workers never need. */
    private volatile HttpClient client;
    private final AddressGuard guard;
    private final PinnedHosts pins;

    public HttpWebhookSender(AddressPolicy policy) {
        this(policy, AddressGuard.JVM);
    }

    /** With another resolver than the JVM's: lets tests give names any address without a DNS server. */
    HttpWebhookSender(AddressPolicy policy, AddressGuard.Resolver resolver) {
        this.pins = PinnedHosts.GLOBAL;
        this.guard = new AddressGuard(policy, resolver, pins);
    }

    private HttpClient client() {
        HttpClient built = client;
        if (built == null) {
            synchronized (this) {
                built = client;
                if (built == null) {
                    built = HttpClient.newBuilder()
                            .version(HttpClient.Version.HTTP_1_1)
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .proxy(HttpClient.Builder.NO_PROXY)
                            .connectTimeout(Duration.ofSeconds(Webhook.MAX_TIMEOUT_SECONDS))
                            .build();
                    client = built;
                }
            }
        }
        return built;
    }

    @Override
    public WebhookResponse send(Webhook webhook) {
        long deadline = System.nanoTime() + webhook.timeout().toNanos();
        String host = webhook.url().getHost();
        try (PinnedHosts.Pin pinned = guard.admit(webhook.url())) {
            warnIfUnpinned();
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw timedOut(host, webhook, null);
            }
            CompletableFuture<HttpResponse<String>> answer =
                    client().sendAsync(request(webhook, Duration.ofNanos(left)), info -> new ExcerptSubscriber());
            try {
                HttpResponse<String> response = answer.get(left, TimeUnit.NANOSECONDS);
                return WebhookResponse.of(response.statusCode(), response.headers(), response.body());
            } catch (TimeoutException e) {
                answer.cancel(true);
                throw timedOut(host, webhook, e);
            } catch (InterruptedException e) {
                answer.cancel(true);
                Thread.currentThread().interrupt();
                throw new WebhookUnavailableException("Interrupted while calling " + host, e);
            } catch (ExecutionException e) {
                throw failed(host, webhook, e.getCause());
            }
        }
    }

    private static HttpRequest request(Webhook webhook, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(webhook.url())
                .timeout(timeout)
                .setHeader("User-Agent", USER_AGENT)
                .POST(webhook.body()
                        .map(text -> HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8))
                        .orElse(HttpRequest.BodyPublishers.noBody()));
        webhook.headers().forEach(request::setHeader);
        return request.build();
    }

    private static WebhookUnavailableException failed(String host, Webhook webhook, Throwable cause) {
        if (cause instanceof HttpConnectTimeoutException) {
            return new WebhookUnavailableException("Connecting to " + host + " timed out", cause);
        }
        if (cause instanceof HttpTimeoutException) {
            return timedOut(host, webhook, cause);
        }
        if (cause instanceof ConnectException) {
            return new WebhookUnavailableException("Could not connect to " + host + ": connection refused", cause);
        }
        if (cause instanceof IOException) {
            return new WebhookUnavailableException("POST to " + host + " failed: " + cause, cause);
        }
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        throw new IllegalStateException("Unexpected failure calling " + host, cause);
    }

    private static WebhookUnavailableException timedOut(String host, Webhook webhook, Throwable cause) {
        return new WebhookUnavailableException("POST to " + host + " got no answer within "
                + webhook.timeout().toSeconds() + " s", cause);
    }

    private void warnIfUnpinned() {
        if (!pins.isEnforced() && warnedUnpinned.compareAndSet(false, true)) {
            log.warn("The JVM's name service is not {}: webhook hosts are checked but not pinned, so a DNS answer"
                    + " that changes between check and connect (DNS rebinding) is caught only by the JVM's address"
                    + " cache", PinnedHostsResolverProvider.class.getName());
        }
    }

    /**
     * Keeps the first {@value WebhookResponse#EXCERPT_BYTES} bytes of the body as text, then cancels the rest: the
     * client closes the connection instead of reading a body of any size.
     */
    static final class ExcerptSubscriber implements HttpResponse.BodySubscriber<String> {

        private final byte[] excerpt = new byte[WebhookResponse.EXCERPT_BYTES];
        private final CompletableFuture<String> body = new CompletableFuture<>();
        private int length;
        private Flow.Subscription subscription;

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (body.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                int take = Math.min(buffer.remaining(), excerpt.length - length);
                buffer.get(excerpt, length, take);
                length += take;
            }
            if (length == excerpt.length) {
                subscription.cancel();
                body.complete(text());
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable error) {
            body.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            body.complete(text());
        }

        @Override
        public CompletionStage<String> getBody() {
            return body;
        }

        /** UTF-8, with invalid bytes replaced and a character cut in half at the end left out. */
        private String text() {
            CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE);
            CharBuffer chars = CharBuffer.allocate(length);
            decoder.decode(ByteBuffer.wrap(excerpt, 0, length), chars, false);
            return chars.flip().toString();
        }
    }
}
