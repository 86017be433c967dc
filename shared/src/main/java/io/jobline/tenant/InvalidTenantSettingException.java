package io.jobline.tenant;

/** A tenant name, key name or quota value that is not allowed. */
public final class InvalidTenantSettingException extends RuntimeException {

    public InvalidTenantSettingException(String message) {
        super(message);
    }
}
