package io.jobline.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPolicyTest {

    /** Parses a numeric address without DNS (every test input is a literal). */
    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** An IPv6 address exactly as given, even where the JDK would turn it into an IPv4 address. */
    private static byte[] ipv6Bytes(String literal) {
        return IpNetwork.numericAddress(literal).orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.255.255.254", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.0.1",
            "169.254.169.254", "169.254.0.1", "100.64.0.1", "100.127.255.255", "0.0.0.0", "0.1.2.3", "224.0.0.251",
            "239.255.255.250", "255.255.255.255", "240.0.0.1", "192.0.0.8", "192.0.2.1", "198.18.0.1", "198.51.100.7",
            "203.0.113.9", "::", "::1", "fe80::1", "febf::1", "fc00::1", "fd00:ec2::254", "fec0::1", "ff02::1",
            "2001:db8::1", "100::1", "64:ff9b:1::1", "::127.0.0.1", "64:ff9b::10.0.0.1", "2002:a9fe:a9fe::1"})
    void refusesNonPublicAddresses(String address) {
        assertTrue(AddressPolicy.DEFAULT.refusal(ipv6Bytes(address.contains(":") ? address : "::ffff:" + address))
                .isPresent(), address);
        if (!address.contains(":")) {
            assertTrue(AddressPolicy.DEFAULT.refusal(ip(address)).isPresent(), address);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "1.1.1.1", "172.15.255.255", "172.32.0.1", "100.63.255.255",
            "100.128.0.1", "169.253.255.255", "11.0.0.1", "223.255.255.255", "2606:4700:4700::1111",
            "2a00:1450:4001:80b::200e", "64:ff9b::808:808", "2002:808:808::1"})
    void allowsPublicAddresses(String address) {
        assertEquals(java.util.Optional.empty(), AddressPolicy.DEFAULT.refusal(ip(address)), address);
    }

    @Test
    void checksTheIpv4AddressInsideIpv4MappedIpv6Addresses() {
        assertEquals(16, ipv6Bytes("::ffff:127.0.0.1").length);
        String why = AddressPolicy.DEFAULT.refusal(ipv6Bytes("::ffff:169.254.169.254")).orElseThrow();

        assertTrue(why.contains("embedding 169.254.169.254 (IPv4-mapped)") && why.contains("link-local"), why);
        assertTrue(AddressPolicy.DEFAULT.refusal(ipv6Bytes("::ffff:93.184.216.34")).isEmpty());
    }

    @Test
    void namesTheKindOfAddressItRefuses() {
        assertEquals("a loopback address", AddressPolicy.DEFAULT.refusal(ip("127.0.0.1")).orElseThrow());
        assertTrue(AddressPolicy.DEFAULT.refusal(ip("169.254.169.254")).orElseThrow().contains("metadata"));
        assertEquals("a private network address", AddressPolicy.DEFAULT.refusal(ip("10.0.0.1")).orElseThrow());
        assertEquals("a carrier-grade NAT address", AddressPolicy.DEFAULT.refusal(ip("100.64.0.1")).orElseThrow());
    }

    @Test
    void allowsTheNetworksTheOperatorConfigured() {
        AddressPolicy policy = AddressPolicy.parse("127.0.0.0/8, 10.20.0.0/16,::1/128");

        assertTrue(policy.refusal(ip("127.0.0.1")).isEmpty());
        assertTrue(policy.refusal(ip("10.20.3.4")).isEmpty());
        assertTrue(policy.refusal(ip("::1")).isEmpty());
        assertTrue(policy.refusal(ipv6Bytes("::ffff:127.0.0.1")).isEmpty(), "mapped form of an allowed address");
        assertTrue(policy.refusal(ip("10.21.0.1")).isPresent());
        assertTrue(policy.refusal(ip("169.254.169.254")).isPresent());
        assertTrue(policy.refusal(ip("192.168.1.1")).isPresent());
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "127.0.0.1/8", "10.0.0.0/33", "10.0.0.0/x", "10.0.0/8", "0177.0.0.0/8",
            "fe80::%eth0/10", "::1/129", "10.0.0.0/8, nonsense"})
    void refusesConfigurationThatIsNotAListOfCidrs(String value) {
        assertThrows(IllegalArgumentException.class, () -> AddressPolicy.parse(value));
    }

    @Test
    void parsesCidrsOfBothFamilies() {
        assertEquals(List.of(IpNetwork.parse("127.0.0.0/8"), IpNetwork.parse("fd00::/8"), IpNetwork.parse("0.0.0.0/0")),
                AddressPolicy.parse("127.0.0.0/8,fd00::/8,,0.0.0.0/0").allowedNetworks());
        assertEquals("10.0.0.0/8", IpNetwork.parse("10.0.0.0/8").toString());
        assertEquals("192.0.2.7/32", IpNetwork.parse("192.0.2.7").toString());
        assertTrue(IpNetwork.parse("172.16.0.0/12").contains(ip("172.31.255.255")));
        assertFalse(IpNetwork.parse("172.16.0.0/12").contains(ip("172.32.0.0")));
        assertFalse(IpNetwork.parse("::/0").contains(ip("127.0.0.1")), "an IPv4 address is in no IPv6 network");
    }
}
