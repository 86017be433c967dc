package io.jobline;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.UUID;

/** A job's identity: a UUIDv7, so ids sort by creation time and new rows land at the end of the primary key index. */
public record JobId(UUID value) {

    private static final SecureRandom RANDOM = new SecureRandom();

    public JobId {
        Objects.requireNonNull(value, "value");
    }

    public static JobId random() {
        return new JobId(uuidV7(System.currentTimeMillis()));
    }

    /** Parses the canonical 36-character form; anything else is an {@link InvalidJobIdException}. */
    public static JobId parse(String text) {
        if (text == null || text.length() != 36) {
            throw new InvalidJobIdException(text);
        }
        try {
            return new JobId(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            throw new InvalidJobIdException(text);
        }
    }

    static UUID uuidV7(long epochMillis) {
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        long msb = (epochMillis & 0xFFFF_FFFF_FFFFL) << 16;
        msb |= 0x7000L; // version 7
        msb |= ((random[0] & 0x0FL) << 8) | (random[1] & 0xFFL);
        long lsb = 0x8000_0000_0000_0000L; // IETF variant
        for (int i = 2; i < 10; i++) {
            lsb |= (random[i] & 0xFFL) << (8 * (9 - i));
        }
        lsb = (lsb & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
