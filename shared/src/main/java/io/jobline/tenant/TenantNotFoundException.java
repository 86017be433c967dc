package io.jobline.tenant;

/** No tenant of that name. */
public final class TenantNotFoundException extends RuntimeException {

    public TenantNotFoundException(String name) {
        super("Tenant " + name + " does not exist");
    }
}
