package io.jobline.webhook;

import java.security.SecureRandom;
import java.util.Base64;

/** Generates callback secrets: {@value CallbackSecrets#PREFIX} and 43 URL-safe characters (256 random bits). */
final class NewSecret {

    private static final SecureRandom RANDOM = new SecureRandom();

    private NewSecret() {}

    static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return CallbackSecrets.PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
