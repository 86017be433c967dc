package io.jobline.webhook;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Which addresses webhooks and callbacks may connect to (the SSRF guard). Every address that is not routable on the
 * public internet is refused: loopback, private, link-local (which holds the cloud metadata service), carrier-grade
 * NAT, unspecified, multicast, broadcast, reserved and documentation ranges, and IPv6 addresses that embed a refused
 * IPv4 address. The operator may allow some of them, e.g. an internal network the workers are meant to call, with
 * {@value #ALLOW_PRIVATE_NETWORKS}: comma-separated CIDRs such as {@code 10.20.0.0/16, fd00:20::/32}.
 */
public record AddressPolicy(List<IpNetwork> allowedNetworks) {

    public static final String ALLOW_PRIVATE_NETWORKS = "JOBLINE_WEBHOOK_ALLOW_PRIVATE_NETWORKS";

    /**
     * Why an address was refused, the tail of the message both the submit-time ({@link WebhookUrl}) and the run-time
     * ({@link AddressGuard}) checks give, so the two never drift apart.
     */
    static String refusedBecause(String why) {
        return "it is " + why + ", and webhooks may reach only public addresses unless the operator allows the"
                + " network (" + ALLOW_PRIVATE_NETWORKS + ")";
    }

    /** Refuses every non-public address. */
    public static final AddressPolicy DEFAULT = new AddressPolicy(List.of());

    private record Refused(IpNetwork network, String why) {}

    private static final String PRIVATE = "a private network address";
    private static final String DOCUMENTATION = "a documentation address";

    private static final List<Refused> REFUSED = List.of(
            refused("0.0.0.0/8", "an unspecified ('this network') address"),
            refused("10.0.0.0/8", PRIVATE),
            refused("100.64.0.0/10", "a carrier-grade NAT address"),
            refused("127.0.0.0/8", "a loopback address"),
            refused("169.254.0.0/16", "a link-local address (the range of the cloud metadata service)"),
            refused("172.16.0.0/12", PRIVATE),
            refused("192.0.0.0/24", "an IETF protocol assignment"),
            refused("192.0.2.0/24", DOCUMENTATION),
            refused("192.168.0.0/16", PRIVATE),
            refused("198.18.0.0/15", "a benchmarking address"),
            refused("198.51.100.0/24", DOCUMENTATION),
            refused("203.0.113.0/24", DOCUMENTATION),
            refused("224.0.0.0/4", "a multicast address"),
            refused("240.0.0.0/4", "a reserved or broadcast address"),
            refused("::/128", "an unspecified address"),
            refused("::1/128", "a loopback address"),
            refused("64:ff9b:1::/48", "a local-use NAT64 address"),
            refused("100::/64", "a discard-only address"),
            refused("2001:db8::/32", DOCUMENTATION),
            refused("fc00::/7", "a unique local (private) address (the range of the EC2 IPv6 metadata service)"),
            refused("fe80::/10", "a link-local address"),
            refused("fec0::/10", "a site-local address"),
            refused("ff00::/8", "a multicast address"));

    /** IPv6 ranges whose addresses carry an IPv4 address, and where in the 16 bytes it sits. */
    private record Embedding(IpNetwork network, int offset, String form) {}

    private static final List<Embedding> EMBEDDINGS = List.of(
            new Embedding(IpNetwork.parse("::ffff:0:0/96"), 12, "IPv4-mapped"),
            new Embedding(IpNetwork.parse("::/96"), 12, "IPv4-compatible"),
            new Embedding(IpNetwork.parse("64:ff9b::/96"), 12, "NAT64"),
            new Embedding(IpNetwork.parse("2002::/16"), 2, "6to4"));

    public AddressPolicy {
        allowedNetworks = List.copyOf(allowedNetworks);
    }

    /**
     * Parses a comma-separated list of CIDRs, e.g. {@code 127.0.0.0/8, ::1/128}.
     *
     * @throws IllegalArgumentException naming every invalid entry
     */
    public static AddressPolicy parse(String commaSeparatedCidrs) {
        List<IpNetwork> networks = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String entry : commaSeparatedCidrs.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            try {
                networks.add(IpNetwork.parse(entry));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("must be comma-separated CIDRs like 10.0.0.0/8 or fd00::/8: "
                    + String.join("; ", problems));
        }
        return new AddressPolicy(networks);
    }

    /** A policy that also allows {@code cidr}; handy for tests that call a server on 127.0.0.1. */
    public AddressPolicy allowing(String cidr) {
        List<IpNetwork> more = new ArrayList<>(allowedNetworks);
        more.add(IpNetwork.parse(cidr));
        return new AddressPolicy(more);
    }

    /** Why a connection to {@code address} is refused, or empty when it is allowed. */
    public Optional<String> refusal(InetAddress address) {
        return refusal(address.getAddress());
    }

    /** Why a connection to the 4- or 16-byte {@code address} is refused, or empty when it is allowed. */
    public Optional<String> refusal(byte[] address) {
        if (isAllowed(address)) {
            return Optional.empty();
        }
        for (Refused range : REFUSED) {
            if (range.network().contains(address)) {
                return Optional.of(range.why());
            }
        }
        for (Embedding embedding : EMBEDDINGS) {
            if (embedding.network().contains(address)) {
                byte[] ipv4 = Arrays.copyOfRange(address, embedding.offset(), embedding.offset() + 4);
                Optional<String> inner = refusal(ipv4);
                if (inner.isPresent()) {
                    return Optional.of("an IPv6 address embedding " + IpNetwork.format(ipv4) + " ("
                            + embedding.form() + "), " + inner.get());
                }
            }
        }
        return Optional.empty();
    }

    private boolean isAllowed(byte[] address) {
        for (IpNetwork network : allowedNetworks) {
            if (network.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static Refused refused(String cidr, String why) {
        return new Refused(IpNetwork.parse(cidr), why);
    }
}
