package io.jobline.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An SES v2 stand-in that answers {@code SendEmail} exactly where and how {@code SesV2Client.sendEmail} calls it, and
 * keeps the mail in memory instead of sending it.
 *
 * <p>It is never more lenient than SES: unsigned requests get 403, malformed ones 400, and a recipient in the reserved
 * {@code .invalid} domain is rejected with {@code MessageRejected}, which is how tests provoke a permanent failure.
 * {@link #throttle(int)} provokes the transient one.
 */
public final class SesStandIn implements AutoCloseable {

    /** The newest messages kept; older ones are dropped so a long local run cannot exhaust memory. */
    public static final int MAIL_KEPT = 10_000;

    static final String SEND_EMAIL_PATH = "/v2/email/outbound-emails";
    private static final int MAX_RECIPIENTS = 50;
    private static final int THREADS = 4;
    private static final Pattern CREDENTIAL_REGION = Pattern.compile("Credential=[^/,]+/\\d{8}/([^/,]+)/");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger log = LoggerFactory.getLogger(SesStandIn.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final int mailKept;
    private final AtomicInteger throttledSends = new AtomicInteger();
    private final Deque<CapturedEmail> mail = new ArrayDeque<>(); // guarded by itself
    private int sentCount; // guarded by mail

    private SesStandIn(HttpServer server, ExecutorService executor, int mailKept) {
        this.server = server;
        this.executor = executor;
        this.mailKept = mailKept;
    }

    /** Starts on a free port of 127.0.0.1. */
    public static SesStandIn start() {
        return start(0);
    }

    /** Starts on {@code port} of 127.0.0.1; 0 picks a free one. */
    public static SesStandIn start(int port) {
        return start(port, MAIL_KEPT);
    }

    static SesStandIn start(int port, int mailKept) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            ExecutorService executor = Executors.newFixedThreadPool(
                    THREADS, Thread.ofPlatform().name("ses-stand-in-", 1).daemon().factory());
            SesStandIn standIn = new SesStandIn(server, executor, mailKept);
            server.createContext("/", standIn::handle);
            server.setExecutor(executor);
            server.start();
            return standIn;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the SES stand-in on port " + port, e);
        }
    }

    /** What to give the SDK as {@code endpointOverride} (or {@code AWS_ENDPOINT_URL_SESV2}). */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Makes the next {@code nextRequests} sends fail as SES does past the account's sending rate. */
    public void throttle(int nextRequests) {
        if (nextRequests < 0) {
            throw new IllegalArgumentException("nextRequests must not be negative: " + nextRequests);
        }
        throttledSends.set(nextRequests);
    }

    /** The kept mail, oldest first. */
    public List<CapturedEmail> mail() {
        synchronized (mail) {
            return List.copyOf(mail);
        }
    }

    /** The kept mail that has {@code address} among its To, Cc or Bcc recipients, oldest first. */
    public List<CapturedEmail> mailTo(String address) {
        return mail().stream().filter(email -> email.isAddressedTo(address)).toList();
    }

    /** Messages accepted since start or the last {@link #clear()}, counting those no longer kept. */
    public int sentCount() {
        synchronized (mail) {
            return sentCount;
        }
    }

    public void clear() {
        synchronized (mail) {
            mail.clear();
            sentCount = 0;
        }
    }

    /** The kept mail as a JSON array, oldest first, for the local runner's {@code GET /_local/mail}. */
    public String mailAsJson() {
        ArrayNode array = JSON.createArrayNode();
        for (CapturedEmail email : mail()) {
            ObjectNode node = array.addObject();
            node.put("messageId", email.messageId());
            node.put("from", email.from());
            email.to().forEach(node.putArray("to")::add);
            email.cc().forEach(node.putArray("cc")::add);
            email.bcc().forEach(node.putArray("bcc")::add);
            email.replyTo().forEach(node.putArray("replyTo")::add);
            node.put("subject", email.subject());
            node.put("text", email.text());
            node.put("html", email.html());
            node.put("receivedAt", email.receivedAt().toString());
        }
        return array.toString();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            Reply reply = answer(exchange);
            byte[] body = reply.json().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
            if (reply.errorType() != null) {
                exchange.getResponseHeaders().set("x-amzn-ErrorType", reply.errorType());
            }
            exchange.sendResponseHeaders(reply.status(), body.length);
            exchange.getResponseBody().write(body);
        } catch (IOException | RuntimeException e) {
            log.warn("SES stand-in could not answer {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
        }
    }

    private Reply answer(HttpExchange exchange) throws IOException {
        // AWS checks the signature before it looks at the operation; the stand-in only checks there is one.
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null) {
            return Reply.error(403, "MissingAuthenticationTokenException", "Missing Authentication Token");
        }
        if (!authorization.startsWith("AWS4-HMAC-SHA256 ") || !authorization.contains("Credential=")) {
            return Reply.error(403, "IncompleteSignatureException",
                    "Authorization header requires a SigV4 'Credential' parameter.");
        }
        if (!exchange.getRequestMethod().equals("POST")
                || !exchange.getRequestURI().getPath().equals(SEND_EMAIL_PATH)) {
            return Reply.error(404, "NotFoundException",
                    "The SES stand-in implements only SendEmail: POST " + SEND_EMAIL_PATH);
        }
        if (throttledSends.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return Reply.error(429, "TooManyRequestsException", "Maximum sending rate exceeded.");
        }
        JsonNode request;
        try {
            request = JSON.readTree(exchange.getRequestBody());
        } catch (JsonProcessingException e) {
            return Reply.badRequest("The request body is not valid JSON.");
        }
        if (request == null || !request.isObject()) {
            return Reply.badRequest("The request body must be a JSON object.");
        }
        return sendEmail(request, regionOf(authorization));
    }

    private Reply sendEmail(JsonNode request, String region) {
        String from = request.path("FromEmailAddress").textValue();
        JsonNode destination = request.path("Destination");
        List<String> to = strings(destination.path("ToAddresses"));
        List<String> cc = strings(destination.path("CcAddresses"));
        List<String> bcc = strings(destination.path("BccAddresses"));
        List<String> replyTo = strings(request.path("ReplyToAddresses"));
        JsonNode content = request.path("Content");
        JsonNode simple = content.path("Simple");

        if (from == null || from.isBlank()) {
            return Reply.badRequest("Missing required parameter: FromEmailAddress.");
        }
        if (to.isEmpty() && cc.isEmpty() && bcc.isEmpty()) {
            return Reply.badRequest("Missing required parameter: Destination must name at least one recipient.");
        }
        if (!content.isObject() || content.isEmpty()) {
            return Reply.badRequest("Missing required parameter: Content.");
        }
        if (!simple.isObject()) {
            return Reply.badRequest("The SES stand-in supports Simple content only, not Raw or Template.");
        }
        String subject = simple.path("Subject").path("Data").textValue();
        String text = simple.path("Body").path("Text").path("Data").textValue();
        String html = simple.path("Body").path("Html").path("Data").textValue();
        if (subject == null) {
            return Reply.badRequest("Missing required parameter: Content.Simple.Subject.Data.");
        }
        if (text == null && html == null) {
            return Reply.badRequest("Missing required parameter: Content.Simple.Body needs Text or Html.");
        }

        List<String> recipients = new ArrayList<>(to);
        recipients.addAll(cc);
        recipients.addAll(bcc);
        if (recipients.size() > MAX_RECIPIENTS) {
            return Reply.badRequest("Recipient count exceeds " + MAX_RECIPIENTS + ".");
        }
        List<String> everyAddress = new ArrayList<>(recipients);
        everyAddress.add(from);
        everyAddress.addAll(replyTo);
        for (String address : everyAddress) {
            if (!EmailAddresses.isWellFormed(address)) {
                return Reply.badRequest("Missing final '@domain' in address: " + address);
            }
        }
        List<String> unverified = everyAddress.stream()
                .filter(EmailAddresses::isUndeliverable)
                .map(EmailAddresses::bare)
                .distinct()
                .toList();
        if (!unverified.isEmpty()) {
            return Reply.error(400, "MessageRejected", "Email address is not verified. The following identities failed "
                    + "the check in region " + region.toUpperCase(Locale.ROOT) + ": " + String.join(", ", unverified));
        }

        CapturedEmail email = new CapturedEmail(
                newMessageId(), from, to, cc, bcc, replyTo, subject, text, html, Instant.now());
        keep(email);
        return new Reply(200, null, JSON.createObjectNode().put("MessageId", email.messageId()).toString());
    }

    private void keep(CapturedEmail email) {
        synchronized (mail) {
            mail.addLast(email);
            if (mail.size() > mailKept) {
                mail.removeFirst();
            }
            sentCount++;
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static String regionOf(String authorization) {
        Matcher matcher = CREDENTIAL_REGION.matcher(authorization);
        return matcher.find() ? matcher.group(1) : "us-east-1";
    }

    /** Shaped like SES's own ids, which sort by time: {@code 0100<millis in hex>-<uuid>-000000}. */
    private static String newMessageId() {
        return "0100%012x-%s-000000".formatted(System.currentTimeMillis(), UUID.randomUUID());
    }

    /**
     * The SDK reads the error code from {@code x-amzn-ErrorType} and, failing that, from the body's {@code __type};
     * both are sent so that any AWS client maps the error to its modelled exception.
     */
    private record Reply(int status, String errorType, String json) {

        static Reply error(int status, String errorType, String message) {
            return new Reply(status, errorType, JSON.createObjectNode()
                    .put("__type", errorType)
                    .put("message", message)
                    .toString());
        }

        static Reply badRequest(String message) {
            return error(400, "BadRequestException", message);
        }
    }
}
