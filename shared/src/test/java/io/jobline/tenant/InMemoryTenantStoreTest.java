package io.jobline.tenant;

class InMemoryTenantStoreTest extends TenantStoreContract {

    private final InMemoryTenantStore store = new InMemoryTenantStore();

    @Override
    protected TenantStore store() {
        return store;
    }
}
