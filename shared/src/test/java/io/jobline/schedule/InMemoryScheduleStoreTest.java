package io.jobline.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jobline.Job;
import io.jobline.JobId;
import io.jobline.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InMemoryScheduleStoreTest extends ScheduleStoreContract {

    private final InMemoryScheduleStore store = new InMemoryScheduleStore();
    private final TenantId tenant = TenantId.random();
    private final TenantId otherTenant = TenantId.random();

    @Override
    protected ScheduleStore store() {
        return store;
    }

    @Override
    protected TenantId tenant() {
        return tenant;
    }

    @Override
    protected TenantId otherTenant() {
        return otherTenant;
    }

    @Override
    protected Optional<Job> findJob(JobId id) {
        return store.jobs().find(id);
    }

    @Override
    protected List<Instant> occurrencesOf(Schedule schedule) {
        return store.occurrencesOf(schedule.id());
    }

    /** The jobs the fake fires land in its own job store, where handler tests look for them. */
    @Test
    void firedJobsAreInItsJobStore() {
        Schedule schedule = store.create(ScheduleTestBuilder.aSchedule().forTenant(tenant).build());

        List<Job> fired = store.fireDue(schedule.nextFireAt().plusSeconds(1), 10, ScheduledJobFactory.standard());

        assertEquals(1, fired.size());
        assertEquals(fired.getFirst(), store.jobs().find(fired.getFirst().id()).orElseThrow());
    }
}
