package io.jobline.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks a URL that Jobline will POST to: a webhook's {@code url} or a job's {@code callbackUrl}.
 *
 * <p>Only absolute {@code http} and {@code https} URLs with a host are accepted, without userinfo (credentials in a
 * URL end up in logs; send them in a header). A numeric host must be a canonical dotted quad or a bracketed IPv6
 * address: forms like {@code 2130706433}, {@code 0x7f.1} or {@code 0177.0.0.1} mean different addresses to different
 * parsers and are refused. A literal address (and {@code localhost}) in a refused range is refused here already; names
 * are checked again, after DNS resolution, each time the worker connects ({@link AddressGuard}).
 */
public final class WebhookUrl {

    public static final int MAX_LENGTH = 2048;

    /** The characters RFC 3986 allows in a URL; anything else must be percent-encoded. */
    private static final Pattern URL_CHARACTERS = Pattern.compile("[A-Za-z0-9._~:/?#\\[\\]@!$&'()*+,;=%-]+");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern ENDS_IN_A_NUMBER = Pattern.compile("(.*\\.)?([0-9]+|0[xX][0-9A-Fa-f]*)\\.?");

    private WebhookUrl() {}

    /** Why {@code text} is not an acceptable URL under {@code policy}, or empty when it is. */
    public static Optional<String> problem(String text, AddressPolicy policy) {
        if (text.length() > MAX_LENGTH) {
            return Optional.of("must be at most " + MAX_LENGTH + " characters");
        }
        if (!URL_CHARACTERS.matcher(text).matches()) {
            return Optional.of("must be a URL of printable ASCII without spaces (percent-encode other characters and"
                    + " write international domain names in their xn-- form)");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            return Optional.of("is not a valid URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("must be an http or https URL");
        }
        if (uri.getRawAuthority() == null || uri.getRawAuthority().isEmpty()) {
            return Optional.of("must be an absolute URL with a host, like https://example.com/hook");
        }
        if (uri.getRawUserInfo() != null || uri.getRawAuthority().contains("@")) {
            return Optional.of("must not contain a user name or password; send credentials in a header");
        }
        String host = uri.getHost();
        if (host == null) {
            return Optional.of("has an invalid host '" + uri.getRawAuthority() + "'");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            return Optional.of("has an invalid port " + uri.getPort());
        }
        return hostProblem(host, policy);
    }

    /** A URL that {@link #problem} accepted. */
    public static URI parse(String text) {
        return URI.create(text);
    }

    private static Optional<String> hostProblem(String host, AddressPolicy policy) {
        if (host.startsWith("[")) {
            String literal = host.substring(1, host.length() - 1);
            if (literal.contains("%")) {
                return Optional.of("must not have an IPv6 zone id");
            }
            return IpNetwork.numericAddress(literal)
                    .map(address -> literalProblem(host, address, policy))
                    .orElse(Optional.of("has an invalid IPv6 address " + host));
        }
        if (ENDS_IN_A_NUMBER.matcher(host).matches()) {
            return IpNetwork.canonicalIpv4(host)
                    .map(address -> literalProblem(host, address, policy))
                    .orElse(Optional.of("has the ambiguous numeric host '" + host
                            + "'; write an IPv4 address as four decimal numbers, like 192.0.2.10"));
        }
        if (host.endsWith(".")) {
            return Optional.of("must not end its host name with a dot");
        }
        if (host.length() > 253) {
            return Optional.of("has a host name longer than 253 characters");
        }
        for (String label : host.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return Optional.of("has an invalid host name '" + host + "'");
            }
        }
        String lower = host.toLowerCase(Locale.ROOT);
        if (lower.equals("localhost") || lower.endsWith(".localhost")) {
            // RFC 6761: these names always resolve to loopback, so refuse them without asking DNS.
            return literalProblem(host, new byte[] {127, 0, 0, 1}, policy);
        }
        return Optional.empty();
    }

    private static Optional<String> literalProblem(String host, byte[] address, AddressPolicy policy) {
        return policy.refusal(address)
                .map(why -> "must not point to " + host + ": " + AddressPolicy.refusedBecause(why));
    }
}
