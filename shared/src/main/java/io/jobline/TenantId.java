package io.jobline;

import java.util.Objects;
import java.util.UUID;

/** The team that owns jobs and API keys. Every read and write of a job is scoped to one tenant. */
public record TenantId(UUID value) {

    public TenantId {
        Objects.requireNonNull(value, "value");
    }

    public static TenantId random() {
        return new TenantId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
