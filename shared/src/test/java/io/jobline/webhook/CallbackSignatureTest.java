package io.jobline.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CallbackSignatureTest {

    private static final String SECRET = "jlcb_test-secret-0123456789abcdefghijklmnopq";
    private static final Instant SENT = Instant.parse("2026-11-22T10:00:00Z");
    private static final String BODY = "{\"id\":\"019a\",\"status\":\"succeeded\"}";
    private static final Duration TOLERANCE = CallbackSignature.DEFAULT_TOLERANCE;
    /** Computed independently: {@code printf %s "1795341600.$BODY" | openssl dgst -sha256 -hmac "$SECRET"}. */
    private static final String KNOWN_HMAC = "6a6ec471033437775729caac2376a3fb1979e0776ff38fc45fa5d1beee63daf9";

    @Test
    void signsTheTimestampAndBodyWithHmacSha256() {
        assertEquals("t=1795341600,v1=" + KNOWN_HMAC, CallbackSignature.sign(SECRET, SENT, BODY));
    }


    @Test
    void verifiesItsOwnSignature() {
        String header = CallbackSignature.sign(SECRET, SENT, BODY);

        assertTrue(CallbackSignature.verify(SECRET, header, BODY, SENT.plusSeconds(30), TOLERANCE));
        assertTrue(CallbackSignature.verify(SECRET, " t=1795341600 , v1=" + header.split("v1=")[1].toUpperCase(),
                BODY, SENT, TOLERANCE), "whitespace and hex case do not matter");
    }

    @Test
    void refusesATamperedBody() {
        String header = CallbackSignature.sign(SECRET, SENT, BODY);

        assertFalse(CallbackSignature.verify(SECRET, header, BODY.replace("succeeded", "failed"), SENT, TOLERANCE));
        assertFalse(CallbackSignature.verify(SECRET, header, BODY + " ", SENT, TOLERANCE));
    }

    @Test
    void refusesAnotherSecret() {
        String header = CallbackSignature.sign(SECRET, SENT, BODY);

        assertFalse(CallbackSignature.verify(SECRET + "x", header, BODY, SENT, TOLERANCE));
    }

    @Test
    void refusesATamperedTimestamp() {
        String header = CallbackSignature.sign(SECRET, SENT, BODY);
        String moved = header.replace("t=1795341600", "t=1795341601");

        assertFalse(CallbackSignature.verify(SECRET, moved, BODY, SENT, TOLERANCE));
    }

    @Test
    void refusesAStaleOrFutureTimestamp() {
        String header = CallbackSignature.sign(SECRET, SENT, BODY);

        assertTrue(CallbackSignature.verify(SECRET, header, BODY, SENT.plus(TOLERANCE), TOLERANCE));
        assertFalse(CallbackSignature.verify(SECRET, header, BODY, SENT.plus(TOLERANCE).plusSeconds(1), TOLERANCE));
        assertFalse(CallbackSignature.verify(SECRET, header, BODY, SENT.minus(TOLERANCE).minusSeconds(1), TOLERANCE));
    }

    @Test
    void acceptsAnyOfSeveralSignatures() {
        String good = CallbackSignature.sign(SECRET, SENT, BODY).split(",")[1];
        String other = CallbackSignature.sign("jlcb_old-secret-xxxxxxxxxxxxxxxxxxxxxxxxxxxxx", SENT, BODY)
                .split(",")[1];

        assertTrue(CallbackSignature.verify(SECRET, "t=1795341600," + other + "," + good, BODY, SENT, TOLERANCE));
    }

    @Test
    void refusesMalformedHeaders() {
        String v1 = CallbackSignature.sign(SECRET, SENT, BODY).split(",")[1];
        for (String header : new String[] {null, "", "garbage", "t=1795341600", v1, "t=abc," + v1,
                "t=1795341600,t=1795341600," + v1, "t=1795341600,v1=abcd", "t=-1795341600," + v1}) {
            assertFalse(CallbackSignature.verify(SECRET, header, BODY, SENT, TOLERANCE), String.valueOf(header));
        }
    }
}
