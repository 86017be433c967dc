package io.jobline.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Resolves a URL's host and checks every address against the {@link AddressPolicy} before the worker connects; then
 * pins the name to the checked addresses ({@link PinnedHosts}) so the HTTP client connects to one of them and not to
 * whatever a second DNS answer says. Checking all addresses, not only the first, matters: the client may try any.
 */
final class AddressGuard {

    /** Resolves a host name to all its addresses, as {@link InetAddress#getAllByName} does. */
    @FunctionalInterface
    interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    /** Resolves through the JVM's name service and address cache: the very lookup the HTTP client makes next. */
    static final Resolver JVM = host -> List.of(InetAddress.getAllByName(host));

    private static final int ROUNDS = 3;

    private final AddressPolicy policy;
    private final Resolver resolver;
    private final PinnedHosts pins;

    AddressGuard(AddressPolicy policy, Resolver resolver, PinnedHosts pins) {
        this.policy = policy;
        this.resolver = resolver;
        this.pins = pins;
    }

    /**
     * Checks the host of {@code url}; the returned pin keeps its addresses fixed until closed.
     *
     * @throws RefusedAddressException if any address is refused (permanent)
     * @throws WebhookUnavailableException if the name does not resolve or its answer keeps changing (retryable)
     */
    PinnedHosts.Pin admit(URI url) {
        String host = url.getHost();
        if (host == null) {
            throw new RefusedAddressException("The URL has no host: " + url);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        Optional<byte[]> literal = IpNetwork.numericAddress(host);
        if (literal.isPresent()) {
            InetAddress address = address(literal.get());
            check(host, List.of(address));
            return PinnedHosts.Pin.none(List.of(address));
        }
        for (int round = 1; ; round++) {
            List<InetAddress> checked = resolve(host);
            check(host, checked);
            PinnedHosts.Pin pin = pins.pin(host, checked);
            // Another lookup may have refreshed the JVM's address cache between our lookup and the pin; the answer
            // the HTTP client gets must be the one checked, so look again now that the name is pinned.
            List<InetAddress> now = resolve(host);
            if (PinnedHosts.sameAddresses(now, checked) && PinnedHosts.sameAddresses(pin.addresses(), checked)) {
                return pin;
            }
            pin.close();
            if (round == ROUNDS) {
                throw new WebhookUnavailableException("The addresses of " + host
                        + " changed while they were being checked; trying again later", null);
            }
        }
    }

    private List<InetAddress> resolve(String host) {
        try {
            List<InetAddress> addresses = resolver.resolve(host);
            if (addresses.isEmpty()) {
                throw new UnknownHostException(host);
            }
            return addresses;
        } catch (UnknownHostException e) {
            throw new WebhookUnavailableException("Could not resolve host " + host, e);
        }
    }

    private void check(String host, List<InetAddress> addresses) {
        for (InetAddress address : addresses) {
            Optional<String> refusal = policy.refusal(address);
            if (refusal.isPresent()) {
                String ip = address.getHostAddress();
                String target = ip.equals(host) ? ip : host + " (" + ip + ")";
                throw new RefusedAddressException(
                        "Refused to connect to " + target + ": " + AddressPolicy.refusedBecause(refusal.get()));
            }
        }
    }

    private static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }
}
