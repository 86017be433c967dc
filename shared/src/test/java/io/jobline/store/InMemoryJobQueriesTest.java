package io.jobline.store;

import io.jobline.Job;
import io.jobline.TenantId;

class InMemoryJobQueriesTest extends JobQueriesContract {

    private final InMemoryJobStore store = new InMemoryJobStore();
    private final InMemoryJobQueries queries = new InMemoryJobQueries(store);

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
        return TenantId.random();
    }
}
