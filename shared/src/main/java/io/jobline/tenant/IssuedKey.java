package io.jobline.tenant;

/** A key just issued: the only moment its secret is known; print it once, then forget it. */
public record IssuedKey(String tenant, String id, String name, ApiKey key) {}
