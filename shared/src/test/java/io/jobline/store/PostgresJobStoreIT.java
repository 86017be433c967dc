package io.jobline.store;

import static io.jobline.JobTestBuilder.NOW;
import static io.jobline.JobTestBuilder.aQueuedJob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobline.Job;
import io.jobline.TenantId;
import io.jobline.tenant.PostgresTenantStore;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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

    /**
     * The attempt history is written by the same statement as the compare-and-set, gated on its row: a worker whose
     * update loses the race must leave no attempt of its own behind, neither opened nor closing the winner's.
     */
    @Test
    void aLostCompareAndSetWritesNoAttempt() {
        Job job = aQueuedJob().forTenant(tenant).build();
        store.insert(job);
        Job winner = store.update(job.start(NOW, Duration.ofMinutes(1), "winner")).orElseThrow();

        assertTrue(store.update(job.start(NOW.plusSeconds(1), Duration.ofMinutes(1), "loser")).isEmpty());
        assertTrue(store.update(job.fail("never ran", NOW.plusSeconds(2))).isEmpty());

        var attempts = store.attempts(job.id());
        assertEquals(1, attempts.size());
        assertEquals("winner", attempts.getFirst().workerRequestId());
        assertEquals(null, attempts.getFirst().finishedAt(), "the winner's attempt is still running");
        assertEquals(winner.version(), store.find(job.id()).orElseThrow().version());
    }
}
