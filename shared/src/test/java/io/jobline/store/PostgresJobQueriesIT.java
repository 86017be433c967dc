package io.jobline.store;

import org.junit.jupiter.api.Test;
import io.jobline.JobTestBuilder;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

    /** 10,001 rows one INSERT at a time would take most of a minute; one INSERT ... SELECT takes a moment. */
    @Override
    protected void insertQueuedJobs(TenantId owner, int count) {
        try (java.sql.Connection connection = TestDatabase.dataSource().getConnection();
                java.sql.PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO jobs (id, tenant_id, type, payload, status, attempts, max_attempts, run_at,
                                          created_at, updated_at)
                        SELECT gen_random_uuid(), ?, 'email.send', '{}', 'queued', 0, 5, now(), now(), now()
                        FROM generate_series(1, ?)""")) {
            insert.setObject(1, owner.value());
            insert.setInt(2, count);
            insert.executeUpdate();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Jobs created in the same microsecond are ordered by id, so keyset pages neither repeat nor skip one. */
    @Test
    void pagesThroughJobsCreatedAtTheSameInstantWithoutRepeatsOrGaps() {
        TenantId tenant = newTenant();
        java.util.Set<io.jobline.JobId> inserted = new java.util.HashSet<>();
        for (int i = 0; i < 5; i++) {
            Job job = Job.submit(io.jobline.JobId.random(), tenant,
                    new io.jobline.JobSpec("email.send", JobTestBuilder.emailPayload("a@example.com"), 5), null,
                    JobTestBuilder.NOW);
            insert(job);
            inserted.add(job.id());
        }

        java.util.List<io.jobline.JobId> seen = new java.util.ArrayList<>();
        JobQuery query = JobQuery.newestFirst(tenant, 2);
        for (int page = 0; page < 5; page++) {
            JobPage result = queries.list(query);
            result.jobs().forEach(job -> seen.add(job.id()));
            if (result.nextCursor().isEmpty()) {
                break;
            }
            query = new JobQuery(query.filter(), query.limit(), result.nextCursor());
        }

        assertEquals(5, seen.size());
        assertEquals(inserted, new java.util.HashSet<>(seen));
    }
}
