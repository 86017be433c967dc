package io.jobline.store;

import org.junit.jupiter.api.Test;
import java.time.Duration;
import io.jobline.JobTestBuilder;
import io.jobline.Job;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

    /** The handler tests rely on this switch to stand in for PostgreSQL being down. */
    @Test
    void switchedDownItFailsAsAnOutageAndComesBackUnchanged() {
        Job job = JobTestBuilder.aQueuedJob().forTenant(tenant).build();
        store.insert(job);

        store.setDown(true);
        assertThrows(StoreUnavailableException.class, () -> store.find(job.id()));
        assertThrows(StoreUnavailableException.class, () -> store.update(job.start(JobTestBuilder.NOW,
                Duration.ofMinutes(1))));
        store.setDown(false);

        assertEquals(job, store.find(job.id()).orElseThrow());
    }
}
