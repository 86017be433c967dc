package io.jobline.webhook;

import static io.jobline.JobTestBuilder.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobline.Job;
import io.jobline.JobId;
import io.jobline.JobSpec;
import io.jobline.Json;
import io.jobline.TenantId;
import io.jobline.TestClock;
import io.jobline.worker.PermanentJobFailureException;
import io.jobline.worker.TestWebhookServer;
import io.jobline.worker.WebhookJob;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The SSRF guard end to end in the worker's JVM, whose name service is {@link PinnedHostsResolverProvider}: names are
 * checked after resolution, and the HTTP client connects to the addresses that were checked. The names used here
 * exist in no DNS ({@code .invalid}); a test resolver stands in for an attacker's DNS server.
 */
class DnsPinningTest {

    private static final AddressPolicy LOOPBACK_ALLOWED = AddressPolicy.parse("127.0.0.0/8");

    private final TestWebhookServer server = TestWebhookServer.start();

    @AfterEach
    void stopServer() {
        server.close();
    }

    private static List<InetAddress> ip(String literal) {
        try {
            return List.of(InetAddress.getByName(literal));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Job aWebhookJobTo(String url) {
        JsonNode payload = Json.MAPPER.createObjectNode().put("url", url);
        return Job.submit(JobId.random(), TenantId.random(), new JobSpec("webhook.post", payload, 5), null, NOW)
                .start(NOW, Duration.ofMinutes(2));
    }

    private WebhookJob runnerWith(AddressPolicy policy, AddressGuard.Resolver dns) {
        return new WebhookJob(new HttpWebhookSender(policy, dns), policy, new TestClock(NOW));
    }

    @Test
    void aNameThatResolvesToLoopbackIsRefusedAfterResolution() {
        // Passes validation (a name, not a literal), then resolves to 127.0.0.1.
        Map<String, List<InetAddress>> dns = Map.of("hooks.attacker.invalid", ip("127.0.0.1"));

        var e = assertThrows(PermanentJobFailureException.class, () -> runnerWith(AddressPolicy.DEFAULT,
                host -> dns.get(host)).run(aWebhookJobTo("http://hooks.attacker.invalid:" + server.port() + "/")));

        assertTrue(e.getMessage().contains("hooks.attacker.invalid (127.0.0.1)"), e.getMessage());
        assertTrue(e.getMessage().contains("loopback"), e.getMessage());
        assertEquals(0, server.received().size());
    }

    @Test
    void aRebindingAnswerIsCaughtBeforeAnyConnection() {
        // Public for the first lookup, loopback for every later one (TTL 0).
        AtomicInteger lookups = new AtomicInteger();
        AddressGuard.Resolver dns = host -> lookups.getAndIncrement() == 0 ? ip("93.184.216.34") : ip("127.0.0.1");

        assertThrows(PermanentJobFailureException.class, () -> runnerWith(AddressPolicy.DEFAULT, dns)
                .run(aWebhookJobTo("http://rebind.attacker.invalid:" + server.port() + "/")));
        assertEquals(0, server.received().size());
    }

    @Test
    void theHttpClientConnectsToTheAddressTheGuardChecked() {
        // Only the guard's resolver knows this name; the JDK's own DNS lookup would fail. The request still reaches
        // the server because the worker's name service answers the pinned name with the checked address.
        Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();
        AddressGuard.Resolver dns = host -> {
            asked.computeIfAbsent(host, h -> new AtomicInteger()).incrementAndGet();
            return ip("127.0.0.1");
        };

        JsonNode result = runnerWith(LOOPBACK_ALLOWED, dns)
                .run(aWebhookJobTo("http://pinned-hook.jobline.invalid:" + server.port() + "/in"));

        assertEquals(200, result.get("status").intValue());
        assertEquals("pinned-hook.jobline.invalid:" + server.port(), server.received().getFirst().headers()
                .getFirst("Host"));
        assertTrue(PinnedHosts.GLOBAL.isEnforced(), "the worker's name service is the pinning one");
        assertTrue(PinnedHosts.GLOBAL.lookup("pinned-hook.jobline.invalid").isEmpty(), "released after the request");
    }

    @Test
    void withoutAPinTheSameNameDoesNotResolve() {
        // The control for the test above: the name really is unknown to the JVM's DNS.
        assertThrows(UnknownHostException.class, () -> InetAddress.getAllByName("unpinned-hook.jobline.invalid"));
    }
}
