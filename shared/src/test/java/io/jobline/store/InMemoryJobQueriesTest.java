package io.jobline.store;

import org.junit.jupiter.api.Test;
import io.jobline.JobTestBuilder;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

    /** The fake lists the job store it was given, as PostgreSQL lists the jobs table: no copy to keep in step. */
    @Test
    void listsJobsInsertedIntoItsStoreLater() {
        TenantId tenant = newTenant();
        Job later = JobTestBuilder.aQueuedJob().forTenant(tenant).build();

        store.insert(later);

        assertEquals(java.util.List.of(later.id()),
                queries.list(JobQuery.newestFirst(tenant, 10)).jobs().stream().map(Job::id).toList());
    }
}
