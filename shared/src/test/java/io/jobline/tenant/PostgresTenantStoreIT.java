package io.jobline.tenant;

import static io.jobline.JobTestBuilder.aFailedJob;
import static io.jobline.JobTestBuilder.aSucceededJob;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jobline.Job;
import io.jobline.JobId;
import io.jobline.JobSpec;
import io.jobline.Json;
import io.jobline.TenantId;
import io.jobline.store.PostgresJobStore;
import io.jobline.store.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresTenantStoreIT extends TenantStoreContract {

    private static final Duration LEASE = Duration.ofMinutes(2);

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
    void waitingJobsCountQueuedScheduledAndRetryingJobsOfTheTenantOnly() {
        TenantId tenant = store.createTenant("waiting-" + UUID.randomUUID());
        TenantId other = store.createTenant("other-" + UUID.randomUUID());
        PostgresJobStore jobs = new PostgresJobStore(dataSource);
        Instant now = Instant.now();
        JobSpec spec = new JobSpec("email.send", Json.MAPPER.createObjectNode(), 3);
        jobs.insert(Job.submit(JobId.random(), tenant, spec, null, now));
        jobs.insert(Job.submit(JobId.random(), tenant, spec, null, null, now.plus(Duration.ofHours(1)), now));
        jobs.insert(Job.submit(JobId.random(), tenant, spec, null, now).start(now, LEASE)
                .retry("timeout", now.plusSeconds(30), now));
        jobs.insert(Job.submit(JobId.random(), tenant, spec, null, now).start(now, LEASE));
        jobs.insert(aSucceededJob().forTenant(tenant).build());
        jobs.insert(aFailedJob().forTenant(tenant).build());
        jobs.insert(Job.submit(JobId.random(), tenant, spec, null, now).cancel(now));
        jobs.insert(Job.submit(JobId.random(), other, spec, null, now));

        assertEquals(3, store.countWaitingJobs(tenant), "queued, scheduled and retrying; not running or finished");
    }
}
