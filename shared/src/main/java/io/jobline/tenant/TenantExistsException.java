package io.jobline.tenant;

/** A tenant of that name exists already. */
public final class TenantExistsException extends RuntimeException {

    public TenantExistsException(String name) {
        super("Tenant " + name + " exists already");
    }
}
