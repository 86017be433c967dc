package io.jobline.store;

import io.jobline.Job;
import io.jobline.JobId;
import io.jobline.ValidationException;
import io.jobline.ValidationException.FieldError;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Where a page of {@code GET /jobs} ended: the last job's {@code (createdAt, id)}. The next page holds the jobs that
 * sort after it newest first, i.e. {@code (created_at, id) < (createdAt, id)}.
 *
 * <p>Clients see it as an opaque base64url string (a version byte, the instant's seconds and nanoseconds, the id's
 * 16 bytes) and must not build one: the format may change with the version byte. A cursor only positions the page;
 * the tenant always comes from the API key, so a cursor taken from another tenant reveals nothing.
 */
public record JobCursor(Instant createdAt, JobId id) {

    private static final byte VERSION = 1;
    private static final int BYTES = 1 + Long.BYTES + Integer.BYTES + 2 * Long.BYTES;
    /** Base64 of {@link #BYTES} bytes is 39 characters; anything much longer is not worth decoding. */
    private static final int MAX_TEXT_LENGTH = 64;

    public JobCursor {
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(id, "id");
        if (!JobFilter.isSupported(createdAt)) {
            throw new IllegalArgumentException("createdAt out of range: " + createdAt);
        }
    }

    /** The cursor just past {@code job}. */
    public static JobCursor after(Job job) {
        return new JobCursor(job.createdAt(), job.id());
    }

    public String encode() {
        ByteBuffer bytes = ByteBuffer.allocate(BYTES)
                .put(VERSION)
                .putLong(createdAt.getEpochSecond())
                .putInt(createdAt.getNano())
                .putLong(id.value().getMostSignificantBits())
                .putLong(id.value().getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    /**
     * Reads a cursor this class encoded.
     *
     * @throws ValidationException {@code invalid_cursor} for anything else: garbled, truncated, another version
     */
    public static JobCursor decode(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_TEXT_LENGTH) {
            throw invalid();
        }
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (raw.length != BYTES || raw[0] != VERSION) {
            throw invalid();
        }
        ByteBuffer bytes = ByteBuffer.wrap(raw, 1, BYTES - 1);
        long seconds = bytes.getLong();
        int nanos = bytes.getInt();
        UUID id = new UUID(bytes.getLong(), bytes.getLong());
        if (nanos < 0 || nanos > 999_999_999
                || seconds < JobFilter.EARLIEST.getEpochSecond()
                || seconds >= JobFilter.END_OF_TIME.getEpochSecond()) {
            throw invalid();
        }
        return new JobCursor(Instant.ofEpochSecond(seconds, nanos), new JobId(id));
    }

    /** The one error for every unreadable cursor: what exactly is wrong with it is none of the client's business. */
    public static ValidationException invalid() {
        return new ValidationException("invalid_cursor",
                "cursor: is not a cursor from a previous page; pass nextCursor back unchanged",
                List.of(new FieldError("cursor", "is not a cursor from a previous page")));
    }
}
