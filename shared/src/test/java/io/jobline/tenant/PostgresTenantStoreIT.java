package io.jobline.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jobline.Job;
import io.jobline.JobId;
import io.jobline.JobSpec;
import io.jobline.Json;
import io.jobline.TenantId;
import io.jobline.store.PostgresJobStore;
import io.jobline.store.TestDatabase;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresTenantStoreIT extends TenantStoreContract {

    private static DataSource dataSource;
    private static PostgresTenantStore store;

    @BeforeAll
    static void startDatabase() {
        dataSource = TestDatabase.dataSource();
        store = new PostgresTenantStore(dataSource);
    }

    @Override
    protected TenantStore store() {
        return store;
    }

    @Test
    void waitingJobsCountQueuedAndScheduledJobsOfTheTenantOnly() {
        TenantId tenant = store.createTenant("waiting-" + UUID.randomUUID());
        TenantId other = store.createTenant("other-" + UUID.randomUUID());
        PostgresJobStore jobs = new PostgresJobStore(dataSource);
        Instant now = Instant.now();
        JobSpec spec = new JobSpec("email.send", Json.MAPPER.createObjectNode(), 3);
        jobs.insert(Job.submit(JobId.random(), tenant, spec, null, now));
        jobs.insert(Job.submit(JobId.random(), tenant, spec, null, now));
        jobs.insert(Job.submit(JobId.random(), other, spec, null, now));

        assertEquals(2, store.countWaitingJobs(tenant));
    }
}
