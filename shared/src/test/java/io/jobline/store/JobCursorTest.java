package io.jobline.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobline.JobId;
import io.jobline.ValidationException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JobCursorTest {

    private static String base64(ByteBuffer bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    @Test
    void decodesWhatItEncoded() {
        JobCursor cursor = new JobCursor(Instant.parse("2026-11-22T10:00:00.123456Z"), JobId.random());

        String text = cursor.encode();

        assertEquals(cursor, JobCursor.decode(text));
        assertTrue(text.matches("[A-Za-z0-9_-]+"), "URL-safe without escaping: " + text);
    }

    @Test
    void keepsNanoseconds() {
        JobCursor cursor = new JobCursor(Instant.parse("2026-11-22T10:00:00.123456789Z"), JobId.random());

        assertEquals(cursor, JobCursor.decode(cursor.encode()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "not a cursor", "AAAA", "%%%%", "////////////////////////////////////////",
            "AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
    void refusesGarbleAsInvalidCursor(String garbled) {
        ValidationException refused = assertThrows(ValidationException.class, () -> JobCursor.decode(garbled));

        assertEquals("invalid_cursor", refused.code());
        assertEquals("cursor", refused.details().getFirst().field());
    }

    @Test
    void refusesATruncatedCursor() {
        String text = new JobCursor(Instant.parse("2026-11-22T10:00:00Z"), JobId.random()).encode();

        assertThrows(ValidationException.class, () -> JobCursor.decode(text.substring(0, text.length() - 4)));
    }

    @Test
    void refusesAnotherVersion() {
        ByteBuffer bytes =
                ByteBuffer.allocate(29).put((byte) 2).putLong(1_700_000_000L).putInt(0).putLong(1).putLong(2);

        assertThrows(ValidationException.class, () -> JobCursor.decode(base64(bytes)));
    }

    @Test
    void refusesAnInstantPostgresCannotStore() {
        // Guards against a crafted cursor turning into a database error (500) instead of a 400.
        ByteBuffer farFuture = ByteBuffer.allocate(29).put((byte) 1).putLong(Long.MAX_VALUE / 2).putInt(0)
                .putLong(1).putLong(2);
        ByteBuffer badNanos = ByteBuffer.allocate(29).put((byte) 1).putLong(0).putInt(-1).putLong(1).putLong(2);

        assertThrows(ValidationException.class, () -> JobCursor.decode(base64(farFuture)));
        assertThrows(ValidationException.class, () -> JobCursor.decode(base64(badNanos)));
    }
}
