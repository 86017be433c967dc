package io.jobline.store;

import io.jobline.TenantId;
import io.jobline.tenant.PostgresTenantStore;
import org.junit.jupiter.api.BeforeAll;

class PostgresJobStoreIT extends JobStoreContract {

    private static PostgresJobStore store;
    private static TenantId tenant;

    @BeforeAll
    static void startDatabase() {
        store = new PostgresJobStore(TestDatabase.dataSource());
        tenant = new PostgresTenantStore(TestDatabase.dataSource()).createTenant("store-it-" + TenantId.random());
    }

    @Override
    protected JobStore store() {
        return store;
    }

    @Override
    protected TenantId tenant() {
        return tenant;
    }
}
