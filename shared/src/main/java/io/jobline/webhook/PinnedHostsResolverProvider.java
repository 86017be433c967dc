package io.jobline.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The JVM's name service in the worker (registered in the worker's {@code META-INF/services}): answers lookups of
 * names pinned by the {@link AddressGuard} with the addresses it checked, and passes every other lookup to the JDK's
 * built-in resolver unchanged. See {@link PinnedHosts}.
 */
public final class PinnedHostsResolverProvider extends InetAddressResolverProvider {

    @Override
    public InetAddressResolver get(Configuration configuration) {
        PinnedHosts.GLOBAL.markConsultedByNameService();
        return new PinnedHostsResolver(configuration.builtinResolver(), PinnedHosts.GLOBAL);
    }

    @Override
    public String name() {
        return "jobline-pinned-hosts";
    }

    static final class PinnedHostsResolver implements InetAddressResolver {

        private final InetAddressResolver builtin;
        private final PinnedHosts pins;

        PinnedHostsResolver(InetAddressResolver builtin, PinnedHosts pins) {
            this.builtin = builtin;
            this.pins = pins;
        }

        @Override
        public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
            Optional<List<InetAddress>> pinned = pins.lookup(host);
            if (pinned.isEmpty()) {
                return builtin.lookupByName(host, policy);
            }
            List<InetAddress> answer = ordered(pinned.get(), policy.characteristics());
            if (answer.isEmpty()) {
                throw new UnknownHostException(host + ": no pinned address of the requested family");
            }
            return answer.stream();
        }

        @Override
        public String lookupByAddress(byte[] address) throws UnknownHostException {
            return builtin.lookupByAddress(address);
        }

        /** Keeps the families the lookup asks for, in the order it asks for (as the built-in resolver does). */
        static List<InetAddress> ordered(List<InetAddress> addresses, int characteristics) {
            boolean ipv4 = (characteristics & LookupPolicy.IPV4) != 0;
            boolean ipv6 = (characteristics & LookupPolicy.IPV6) != 0;
            Stream<InetAddress> kept = addresses.stream()
                    .filter(a -> a instanceof Inet4Address ? ipv4 : a instanceof Inet6Address && ipv6);
            if ((characteristics & LookupPolicy.IPV4_FIRST) != 0) {
                kept = kept.sorted(Comparator.comparingInt(a -> a instanceof Inet4Address ? 0 : 1));
            } else if ((characteristics & LookupPolicy.IPV6_FIRST) != 0) {
                kept = kept.sorted(Comparator.comparingInt(a -> a instanceof Inet6Address ? 0 : 1));
            }
            return kept.toList();
        }
    }
}
