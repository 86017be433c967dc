package io.jobline.tenant;

import java.time.Duration;
import java.util.Optional;

/** A request refused by one of its tenant's quotas; nothing was changed. */
public final class QuotaExceededException extends RuntimeException {

    /** Which quota, with the HTTP status and error code it is answered with. */
    public enum Kind {
        REQUEST_RATE(429, "rate_limited"),
        QUEUED_JOBS(429, "quota_exceeded"),
        PAYLOAD_SIZE(413, "payload_too_large"),
        JOB_TYPE(403, "job_type_not_allowed");

        private final int status;
        private final String code;

        Kind(int status, String code) {
            this.status = status;
            this.code = code;
        }

        public int status() {
            return status;
        }

        public String code() {
            return code;
        }
    }

    private final Kind kind;
    private final Optional<Duration> retryAfter;

    public QuotaExceededException(Kind kind, String message, Optional<Duration> retryAfter) {
        super(message);
        this.kind = kind;
        this.retryAfter = retryAfter;
    }

    public Kind kind() {
        return kind;
    }

    /** When asking again may succeed, for {@code Retry-After}. */
    public Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
