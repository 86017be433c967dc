package io.jobline.tenant;

/** No active key with that id. */
public final class KeyNotFoundException extends RuntimeException {

    public KeyNotFoundException(String keyId) {
        super("No active API key with id " + keyId);
    }
}
