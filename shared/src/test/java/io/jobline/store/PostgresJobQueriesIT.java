package io.jobline.store;

import io.jobline.Job;
import io.jobline.TenantId;
import io.jobline.tenant.PostgresTenantStore;
import org.junit.jupiter.api.BeforeAll;

class PostgresJobQueriesIT extends JobQueriesContract {

    private static PostgresJobStore store;
    private static PostgresJobQueries queries;
    private static PostgresTenantStore tenants;

    @BeforeAll
    static void startDatabase() {
        store = new PostgresJobStore(TestDatabase.dataSource());
        queries = new PostgresJobQueries(TestDatabase.dataSource());
        tenants = new PostgresTenantStore(TestDatabase.dataSource());
    }

    @Override
    protected JobQueries queries() {
        return queries;
    }

    @Override
    protected void insert(Job job) {
        store.insert(job);
    }

    @Override
    protected TenantId newTenant() {
        return tenants.createTenant("queries-it-" + TenantId.random());
    }
}
