package io.jobline.webhook;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * An IPv4 or IPv6 network in CIDR notation, e.g. {@code 10.0.0.0/8} or {@code fc00::/7}. Parsing never touches DNS:
 * only numeric addresses are accepted, and host bits must be zero so that a typo ({@code 127.0.0.1/8}) is reported
 * instead of silently widened.
 */
public record IpNetwork(byte[] network, int prefixLength) {

    public IpNetwork {
        if (network.length != 4 && network.length != 16) {
            throw new IllegalArgumentException("network must be 4 or 16 bytes");
        }
        if (prefixLength < 0 || prefixLength > network.length * 8) {
            throw new IllegalArgumentException("prefix length must be from 0 to " + network.length * 8);
        }
        network = network.clone();
    }

    /** Parses {@code address/prefix}; a bare address is a single host ({@code /32} or {@code /128}). */
    public static IpNetwork parse(String cidr) {
        String text = cidr.strip();
        int slash = text.indexOf('/');
        String addressText = slash < 0 ? text : text.substring(0, slash);
        byte[] address = numericAddress(addressText).orElseThrow(() ->
                new IllegalArgumentException("'" + cidr + "' is not an IP network in CIDR notation"));
        int prefix = address.length * 8;
        if (slash >= 0) {
            String prefixText = text.substring(slash + 1);
            if (!prefixText.matches("[0-9]{1,3}")) {
                throw new IllegalArgumentException("'" + cidr + "' has an invalid prefix length");
            }
            prefix = Integer.parseInt(prefixText);
            if (prefix > address.length * 8) {
                throw new IllegalArgumentException("'" + cidr + "' has a prefix longer than " + address.length * 8);
            }
        }
        IpNetwork network = new IpNetwork(address, prefix);
        if (!Arrays.equals(network.masked(address), address)) {
            throw new IllegalArgumentException("'" + cidr + "' has host bits set (the network address has them zero)");
        }
        return network;
    }

    /**
     * The bytes of a numeric IPv4 (canonical dotted quad) or IPv6 address, without any DNS lookup. IPv6 zone ids
     * ({@code %eth0}) are refused.
     */
    static Optional<byte[]> numericAddress(String text) {
        if (text.indexOf(':') >= 0) {
            if (text.indexOf('%') >= 0 || !text.matches("[0-9A-Fa-f:.]+")) {
                return Optional.empty();
            }
            try {
                // A string with ':' is parsed as an IPv6 literal and never looked up in DNS.
                InetAddress parsed = InetAddress.getByName(text);
                return Optional.of(ipv6Bytes(parsed));
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
        }
        return canonicalIpv4(text);
    }

    /** {@code a.b.c.d} with each part 0..255 written without leading zeros; every other numeric form is refused. */
    static Optional<byte[]> canonicalIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (!part.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(part) > 255) {
                return Optional.empty();
            }
            bytes[i] = (byte) Integer.parseInt(part);
        }
        return Optional.of(bytes);
    }

    /**
     * IPv6 bytes of an address; the JDK turns {@code ::ffff:a.b.c.d} into an IPv4 address, which is mapped back so
     * that a network like {@code ::ffff:0:0/96} still matches it.
     */
    private static byte[] ipv6Bytes(InetAddress address) {
        if (address instanceof Inet6Address) {
            return address.getAddress();
        }
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(address.getAddress(), 0, mapped, 12, 4);
        return mapped;
    }

    /** A copy: the record stays immutable. */
    @Override
    public byte[] network() {
        return network.clone();
    }

    public boolean contains(InetAddress address) {
        return contains(address.getAddress());
    }

    /** Whether {@code address} (4 or 16 bytes) is in this network; an IPv4 address is never in an IPv6 network. */
    public boolean contains(byte[] address) {
        return address.length == network.length && Arrays.equals(masked(address), network);
    }

    private byte[] masked(byte[] address) {
        byte[] result = address.clone();
        for (int bit = prefixLength; bit < result.length * 8; bit++) {
            result[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return result;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpNetwork that && prefixLength == that.prefixLength
                && Arrays.equals(network, that.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }

    @Override
    public String toString() {
        return format(network) + "/" + prefixLength;
    }

    /** The usual text form of a 4- or 16-byte address. */
    static String format(byte[] address) {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }
}
