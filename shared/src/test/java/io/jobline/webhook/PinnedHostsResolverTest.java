package io.jobline.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolver.LookupPolicy;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PinnedHostsResolverTest {

    private static final InetAddress V4 = ip("93.184.216.34");
    private static final InetAddress V6 = ip("2606:2800:220:1:248:1893:25c8:1946");

    private final PinnedHosts pins = new PinnedHosts();
    private final InetAddressResolver builtin = new InetAddressResolver() {
        @Override
        public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
            if (host.equals("unpinned.example.com")) {
                return Stream.of(ip("198.51.100.1"));
            }
            throw new UnknownHostException(host);
        }

        @Override
        public String lookupByAddress(byte[] address) {
            return "reverse.example.com";
        }
    };
    private final InetAddressResolver resolver =
            new PinnedHostsResolverProvider.PinnedHostsResolver(builtin, pins);

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private List<InetAddress> lookup(String host, int characteristics) throws UnknownHostException {
        return resolver.lookupByName(host, LookupPolicy.of(characteristics)).toList();
    }

    @Test
    void answersPinnedNamesWithThePinnedAddresses() throws UnknownHostException {
        try (var pin = pins.pin("pinned.example.com", List.of(V6, V4))) {
            assertEquals(List.of(V6, V4), lookup("PINNED.example.com", LookupPolicy.IPV4 | LookupPolicy.IPV6));
            assertEquals(List.of(V4, V6),
                    lookup("pinned.example.com", LookupPolicy.IPV4 | LookupPolicy.IPV6 | LookupPolicy.IPV4_FIRST));
            assertEquals(List.of(V4), lookup("pinned.example.com", LookupPolicy.IPV4));
            assertEquals(List.of(V6), lookup("pinned.example.com", LookupPolicy.IPV6));
        }
        assertThrows(UnknownHostException.class, () -> lookup("pinned.example.com", LookupPolicy.IPV4));
    }

    @Test
    void passesOtherLookupsToTheBuiltInResolver() throws UnknownHostException {
        try (var pin = pins.pin("pinned.example.com", List.of(V4))) {
            assertEquals(List.of(ip("198.51.100.1")), lookup("unpinned.example.com", LookupPolicy.IPV4));
            assertEquals("reverse.example.com", resolver.lookupByAddress(new byte[] {1, 2, 3, 4}));
        }
    }

    @Test
    void refusesAFamilyThePinDoesNotHave() {
        try (var pin = pins.pin("v6only.example.com", List.of(V6))) {
            assertThrows(UnknownHostException.class, () -> lookup("v6only.example.com", LookupPolicy.IPV4));
        }
    }
}
