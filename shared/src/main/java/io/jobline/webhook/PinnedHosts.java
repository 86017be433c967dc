package io.jobline.webhook;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Host names whose addresses were checked by the {@link AddressGuard} and must not change until the request that
 * checked them has connected: the defence against DNS rebinding (a name that resolves to a public address for the
 * check and to 127.0.0.1 for the connection).
 *
 * <p>The JDK's {@code HttpClient} resolves the host itself and has no per-client resolver (unlike OkHttp's {@code Dns}
 * or Apache HttpClient's {@code DnsResolver}), so {@link PinnedHostsResolverProvider}, a JDK name-service provider,
 * answers lookups of a pinned name with the pinned addresses. A pin is held by every request that uses it and
 * released when the last one is done.
 */
final class PinnedHosts {

    /** The pins the JVM's name service consults; there is one name service per JVM, so one set of pins. */
    static final PinnedHosts GLOBAL = new PinnedHosts();

    private record Entry(List<InetAddress> addresses, int holders) {}

    private final Map<String, Entry> pins = new HashMap<>();
    private volatile boolean consultedByNameService;

    /** A hold on a pinned name (or on nothing, for a literal address); closing it releases the hold. */
    static final class Pin implements AutoCloseable {

        private final PinnedHosts owner;
        private final String key;
        private final List<InetAddress> addresses;
        private boolean closed;

        private Pin(PinnedHosts owner, String key, List<InetAddress> addresses) {
            this.owner = owner;
            this.key = key;
            this.addresses = addresses;
        }

        /** For a literal address, which the name service never resolves: nothing to pin. */
        static Pin none(List<InetAddress> addresses) {
            return new Pin(null, null, List.copyOf(addresses));
        }

        /** The addresses lookups of the name return while pinned (set by whoever pinned it first). */
        List<InetAddress> addresses() {
            return addresses;
        }

        @Override
        public void close() {
            if (owner != null) {
                owner.release(this);
            }
        }
    }

    /**
     * Pins {@code host} to {@code addresses}, or, if another request holds a pin on it already, joins that pin (the
     * caller compares {@link Pin#addresses()} with what it checked).
     */
    synchronized Pin pin(String host, List<InetAddress> addresses) {
        String key = key(host);
        Entry entry = pins.get(key);
        Entry held = entry == null ? new Entry(List.copyOf(addresses), 1)
                : new Entry(entry.addresses(), entry.holders() + 1);
        pins.put(key, held);
        return new Pin(this, key, held.addresses());
    }

    private synchronized void release(Pin pin) {
        if (pin.closed) {
            return;
        }
        pin.closed = true;
        Entry entry = pins.get(pin.key);
        if (entry.holders() == 1) {
            pins.remove(pin.key);
        } else {
            pins.put(pin.key, new Entry(entry.addresses(), entry.holders() - 1));
        }
    }

    synchronized Optional<List<InetAddress>> lookup(String host) {
        Entry entry = pins.get(key(host));
        return entry == null ? Optional.empty() : Optional.of(entry.addresses());
    }

    synchronized int size() {
        return pins.size();
    }

    void markConsultedByNameService() {
        consultedByNameService = true;
    }

    /**
     * Whether the JVM's name service is {@link PinnedHostsResolverProvider}. Without it a check and the connection
     * resolve separately: the JDK's address cache (30 s) usually gives both the same answer, but not when the entry
     * expires between them.
     */
    boolean isEnforced() {
        return consultedByNameService;
    }

    static boolean sameAddresses(List<InetAddress> a, List<InetAddress> b) {
        return new HashSet<>(a).equals(new HashSet<>(b));
    }

    private static String key(String host) {
        return host.toLowerCase(Locale.ROOT);
    }
}
