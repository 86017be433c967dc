package io.jobline.mail;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks one address as SES takes it: {@code user@example.com} or {@code Display Name <user@example.com>}.
 * Deliberately stricter than RFC 5322 (no comments, no quoted local parts, ASCII only): what it accepts, SES accepts.
 */
final class EmailAddress {

    private static final Pattern ADDR_SPEC = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z][A-Za-z0-9-]{0,61}[A-Za-z0-9]");
    private static final Pattern DISPLAY_FORM = Pattern.compile("([^<>\"]*)<([^<>]+)>");
    /** The longest address accepted in any field of an email, display name included. */
    static final int MAX_LENGTH = 320;

    private EmailAddress() {}

    /** Why {@code text} is not an acceptable address, or empty when it is. */
    static Optional<String> problem(String text) {
        if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
            return Optional.of("must not contain CR or LF (header injection)");
        }
        if (text.length() > MAX_LENGTH) {
            return Optional.of("must be at most " + MAX_LENGTH + " characters");
        }
        String addrSpec = text.strip();
        var display = DISPLAY_FORM.matcher(addrSpec);
        if (display.matches()) {
            addrSpec = display.group(2).strip();
        }
        int at = addrSpec.lastIndexOf('@');
        if (!ADDR_SPEC.matcher(addrSpec).matches() || at > 64 || addrSpec.length() - at - 1 > 253) {
            return Optional.of("is not a valid email address: '" + text + "'");
        }
        return Optional.empty();
    }
}
