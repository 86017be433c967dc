package io.jobline.tenant;

import java.time.Instant;
import java.util.Optional;

/** An API key as listed: its public id, name and dates. Never the key, never its hash. */
public record KeySummary(String id, String name, Instant createdAt, Optional<Instant> revokedAt) {}
