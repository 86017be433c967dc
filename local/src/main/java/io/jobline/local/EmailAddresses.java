package io.jobline.local;

import java.util.Locale;

/** The little address parsing SES does before it looks at identities. */
final class EmailAddresses {

    private EmailAddresses() {}

    /** {@code "Ann <ann@example.com>"} and {@code "ann@example.com"} both give {@code ann@example.com}. */
    static String bare(String address) {
        String trimmed = address.trim();
        int open = trimmed.lastIndexOf('<');
        int close = trimmed.lastIndexOf('>');
        return open >= 0 && close > open ? trimmed.substring(open + 1, close).trim() : trimmed;
    }

    static boolean isWellFormed(String address) {
        String bare = bare(address);
        int at = bare.lastIndexOf('@');
        return at > 0 && at < bare.length() - 1 && bare.chars().noneMatch(Character::isWhitespace);
    }

    /** RFC 2606 reserves {@code .invalid}: such an address can never be delivered, nor verified in SES. */
    static boolean isUndeliverable(String address) {
        String domain = bare(address).substring(bare(address).lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        return domain.equals("invalid") || domain.endsWith(".invalid");
    }
}
