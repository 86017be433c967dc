package io.jobline.tenant;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * An API key as a client holds it ({@code jl_} and 43 URL-safe characters: 256 random bits). Jobline stores only its
 * SHA-256 hash; the key itself is shown once, when it is issued.
 */
public record ApiKey(String secret) {

    public static final String PREFIX = "jl_";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int ID_BYTES = 6;

    public static ApiKey generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return new ApiKey(PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** The value stored in {@code api_keys.key_hash}. */
    public byte[] hash() {
        return sha256(secret);
    }

    /** The key's public id (the first 12 hex characters of its hash, as {@code api_keys.key_id}). */
    public String id() {
        return idOf(hash());
    }

    public static String idOf(byte[] hash) {
        return java.util.HexFormat.of().formatHex(hash, 0, ID_BYTES);
    }

    public static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }

    /** Keeps the secret out of logs and exception messages. */
    @Override
    public String toString() {
        return "ApiKey[" + PREFIX + "***]";
    }
}
