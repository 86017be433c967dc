package io.jobline.worker;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** An HTTP server on 127.0.0.1 that records what it receives and answers as a test tells it to. */
public final class TestWebhookServer implements AutoCloseable {

    /** One request as received. */
    public record Received(String method, String pathAndQuery, Headers headers, String body) {}

    @FunctionalInterface
    public interface Answer {
        void answer(HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Answer answer = exchange -> respond(exchange, 200, "ok");

    private TestWebhookServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders(), body));
            try {
                answer.answer(exchange);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    public static TestWebhookServer start() {
        return new TestWebhookServer();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port><path>}. */
    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Answers {@code status} with {@code body} and the given header name/value pairs. */
    public TestWebhookServer answering(int status, String body, String... headerPairs) {
        answer = exchange -> {
            for (int i = 0; i < headerPairs.length; i += 2) {
                exchange.getResponseHeaders().add(headerPairs[i], headerPairs[i + 1]);
            }
            respond(exchange, status, body);
        };
        return this;
    }

    /** Answers only after {@code delay}: longer than a request's timeout, to make it time out. */
    public TestWebhookServer answeringAfter(Duration delay) {
        answer = exchange -> {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            respond(exchange, 200, "late");
        };
        return this;
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            } catch (IOException e) {
                // The client may hang up after the first KiB: that is what the excerpt does.
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
