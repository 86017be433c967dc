package io.jobline.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jobline.TenantId;
import org.junit.jupiter.api.Test;

class InMemoryTenantStoreTest extends TenantStoreContract {

    private final InMemoryTenantStore store = new InMemoryTenantStore();

    @Override
    protected TenantStore store() {
        return store;
    }

    /** The fake has no jobs of its own: none wait until a test says where to count them. */
    @Test
    void countsWaitingJobsWhereTheTestSays() {
        TenantId busy = store.createTenant("busy");
        TenantId idle = store.createTenant("idle");
        assertEquals(0, store.countWaitingJobs(busy));

        store.countWaitingJobsWith(tenant -> tenant.equals(busy) ? 7 : 0);

        assertEquals(7, store.countWaitingJobs(busy));
        assertEquals(0, store.countWaitingJobs(idle));
    }
}
