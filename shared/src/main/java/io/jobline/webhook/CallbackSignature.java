package io.jobline.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@value #HEADER} header of a completion callback: {@code t=<unix seconds>,v1=<hex HMAC-SHA256>}, where the
 * HMAC key is the UTF-8 bytes of the tenant's callback secret and the signed text is {@code <t>.<body>}, the body
 * exactly as sent. The timestamp inside the signature lets a receiver refuse a replayed old callback.
 *
 * <p>Receivers in Java may use {@link #verify}; the algorithm is also spelled out in {@code docs/WEBHOOKS.md}.
 */
public final class CallbackSignature {

    public static final String HEADER = "Jobline-Signature";
    public static final String EVENT_ID_HEADER = "Jobline-Event-Id";

    /** How far a receiver should let a signature's timestamp be from its own clock. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private static final String ALGORITHM = "HmacSHA256";

    private CallbackSignature() {}

    /** The header value for {@code body} sent at {@code timestamp} (whole seconds). */
    public static String sign(String secret, Instant timestamp, String body) {
        long seconds = timestamp.getEpochSecond();
        return "t=" + seconds + ",v1=" + HexFormat.of().formatHex(hmac(secret, seconds, body));
    }

    /**
     * Whether {@code header} is a valid signature of {@code body} with {@code secret}, made within {@code tolerance}
     * of {@code now}. Signatures are compared in constant time. Several {@code v1} entries are allowed (any one
     * matching is enough), so a future secret rotation can sign with the old and the new secret for a while.
     */
    public static boolean verify(String secret, String header, String body, Instant now, Duration tolerance) {
        if (secret == null || header == null || body == null) {
            return false;
        }
        Long timestamp = null;
        List<byte[]> signatures = new ArrayList<>();
        for (String part : header.split(",")) {
            String[] keyValue = part.strip().split("=", 2);
            if (keyValue.length != 2) {
                return false;
            }
            if (keyValue[0].equals("t")) {
                if (timestamp != null || !keyValue[1].matches("[0-9]{1,12}")) {
                    return false;
                }
                timestamp = Long.parseLong(keyValue[1]);
            } else if (keyValue[0].equals("v1") && keyValue[1].matches("[0-9a-fA-F]{64}")) {
                signatures.add(HexFormat.of().parseHex(keyValue[1]));
            }
        }
        if (timestamp == null || signatures.isEmpty()) {
            return false;
        }
        Duration age = Duration.between(Instant.ofEpochSecond(timestamp), now).abs();
        if (age.compareTo(tolerance) > 0) {
            return false;
        }
        byte[] expected = hmac(secret, timestamp, body);
        boolean matched = false;
        for (byte[] signature : signatures) {
            matched |= MessageDigest.isEqual(expected, signature);
        }
        return matched;
    }

    private static byte[] hmac(String secret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("Every JDK has HmacSHA256", e);
        }
    }
}
