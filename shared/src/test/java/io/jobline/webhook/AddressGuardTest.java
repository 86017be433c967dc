package io.jobline.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressGuardTest {

    private final PinnedHosts pins = new PinnedHosts();

    private static List<InetAddress> ips(String... literals) {
        return Arrays.stream(literals).map(literal -> {
            try {
                return InetAddress.getByName(literal);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(e);
            }
        }).toList();
    }

    /** A DNS server that gives the queued answers in turn and repeats the last one. */
    private static final class ScriptedDns implements AddressGuard.Resolver {
        private final Deque<List<InetAddress>> answers = new ArrayDeque<>();
        private int lookups;

        ScriptedDns answering(String... literals) {
            answers.add(ips(literals));
            return this;
        }

        @Override
        public List<InetAddress> resolve(String host) throws UnknownHostException {
            lookups++;
            if (answers.isEmpty()) {
                throw new UnknownHostException(host);
            }
            return answers.size() > 1 ? answers.poll() : answers.peek();
        }
    }

    private AddressGuard guard(AddressPolicy policy, AddressGuard.Resolver dns) {
        return new AddressGuard(policy, dns, pins);
    }

    @Test
    void admitsAHostWhoseAddressesAreAllPublicAndPinsThem() {
        var dns = new ScriptedDns().answering("93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946");

        try (var pin = guard(AddressPolicy.DEFAULT, dns).admit(URI.create("https://hooks.example.com/in"))) {
            assertEquals(ips("93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"),
                    pins.lookup("HOOKS.example.com").orElseThrow());
            assertEquals(pin.addresses(), pins.lookup("hooks.example.com").orElseThrow());
        }
        assertTrue(pins.lookup("hooks.example.com").isEmpty(), "released when the request is done");
    }

    @Test
    void refusesAHostWithAnyRefusedAddressNotOnlyTheFirst() {
        var dns = new ScriptedDns().answering("93.184.216.34", "10.0.0.7");

        var e = assertThrows(RefusedAddressException.class,
                () -> guard(AddressPolicy.DEFAULT, dns).admit(URI.create("https://mixed.example.com/")));
        assertTrue(e.getMessage().contains("mixed.example.com (10.0.0.7)"), e.getMessage());
        assertTrue(e.getMessage().contains("private network"), e.getMessage());
        assertEquals(0, pins.size());
    }

    @Test
    void refusesANameThatResolvesToTheMetadataService() {
        var dns = new ScriptedDns().answering("169.254.169.254");

        var e = assertThrows(RefusedAddressException.class,
                () -> guard(AddressPolicy.DEFAULT, dns).admit(URI.create("http://metadata.attacker.example/")));
        assertTrue(e.getMessage().contains("link-local"), e.getMessage());
    }

    @Test
    void refusesAnAnswerThatRebindsToLoopbackBetweenLookups() {
        // Public for the first lookup, loopback from then on: the classic DNS rebinding answer with TTL 0.
        var dns = new ScriptedDns().answering("93.184.216.34").answering("127.0.0.1");

        var e = assertThrows(RefusedAddressException.class,
                () -> guard(AddressPolicy.DEFAULT, dns).admit(URI.create("http://rebind.attacker.example/")));
        assertTrue(e.getMessage().contains("loopback"), e.getMessage());
        assertEquals(0, pins.size());
    }

    @Test
    void givesUpRetryablyOnAnAnswerThatKeepsChanging() {
        var dns = new ScriptedDns();
        for (int i = 1; i <= 10; i++) {
            dns.answering("93.184.216." + i);
        }

        assertThrows(WebhookUnavailableException.class,
                () -> guard(AddressPolicy.DEFAULT, dns).admit(URI.create("http://flapping.example.com/")));
        assertEquals(0, pins.size());
    }

    @Test
    void checksLiteralAddressesWithoutDns() {
        var dns = new ScriptedDns();

        assertThrows(RefusedAddressException.class,
                () -> guard(AddressPolicy.DEFAULT, dns).admit(URI.create("http://127.0.0.1:8080/")));
        assertThrows(RefusedAddressException.class,
                () -> guard(AddressPolicy.DEFAULT, dns).admit(URI.create("http://[::ffff:169.254.169.254]/")));
        try (var pin = guard(AddressPolicy.DEFAULT.allowing("::1/128"), dns).admit(URI.create("http://[::1]:9/"))) {
            assertEquals(ips("::1"), pin.addresses());
        }
        assertEquals(0, dns.lookups);
        assertEquals(0, pins.size());
    }

    @Test
    void checksNumericFormsTheJdkReadsAsLiterals() {
        // Refused on submit; if one reached the worker anyway, the JDK reads it as 127.0.0.1 and the guard sees that.
        var e = assertThrows(RefusedAddressException.class, () -> guard(AddressPolicy.DEFAULT, AddressGuard.JVM)
                .admit(URI.create("http://2130706433/")));
        assertTrue(e.getMessage().contains("127.0.0.1"), e.getMessage());
    }

    @Test
    void admitsLoopbackWhenTheOperatorAllowsIt() {
        var dns = new ScriptedDns().answering("127.0.0.1");

        try (var pin = guard(AddressPolicy.parse("127.0.0.0/8"), dns).admit(URI.create("http://localhost:8080/"))) {
            assertEquals(ips("127.0.0.1"), pin.addresses());
        }
    }

    @Test
    void anUnresolvableHostIsRetryable() {
        var e = assertThrows(WebhookUnavailableException.class,
                () -> guard(AddressPolicy.DEFAULT, new ScriptedDns()).admit(URI.create("http://nx.example.com/")));
        assertTrue(e.getMessage().contains("Could not resolve host nx.example.com"), e.getMessage());
    }

    @Test
    void concurrentRequestsShareAPinUntilTheLastIsDone() {
        var dns = new ScriptedDns().answering("93.184.216.34");
        AddressGuard guard = guard(AddressPolicy.DEFAULT, dns);

        var first = guard.admit(URI.create("https://shared.example.com/a"));
        var second = guard.admit(URI.create("https://shared.example.com/b"));
        first.close();
        assertEquals(ips("93.184.216.34"), pins.lookup("shared.example.com").orElseThrow());
        first.close(); // twice: harmless
        assertEquals(ips("93.184.216.34"), pins.lookup("shared.example.com").orElseThrow());
        second.close();
        assertTrue(pins.lookup("shared.example.com").isEmpty());
    }
}
