package io.jobline.store;

import io.jobline.TenantId;

class InMemoryJobStoreTest extends JobStoreContract {

    private final InMemoryJobStore store = new InMemoryJobStore();
    private final TenantId tenant = TenantId.random();

    @Override
    protected JobStore store() {
        return store;
    }

    @Override
    protected TenantId tenant() {
        return tenant;
    }
}
