package io.jobline.store;

import static io.jobline.JobTestBuilder.NOW;
import static io.jobline.JobTestBuilder.aQueuedJob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobline.Job;
import io.jobline.JobId;
import io.jobline.JobStatus;
import io.jobline.Json;
import io.jobline.TenantId;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What every {@link JobStore} must do; run against the in-memory fake and PostgreSQL. */
public abstract class JobStoreContract {

    protected abstract JobStore store();

    /** A tenant that exists in the store under test. */
    protected abstract TenantId tenant();

    @Test
    void findsWhatWasInserted() {
        Job job = aQueuedJob().forTenant(tenant()).build();

        store().insert(job);

        Job found = store().find(job.id()).orElseThrow();
        assertEquals(job.id(), found.id());
        assertEquals(job.tenantId(), found.tenantId());
        assertEquals(JobStatus.QUEUED, found.status());
        assertEquals(job.payload(), found.payload());
        assertEquals(job.maxAttempts(), found.maxAttempts());
        assertEquals(job.createdAt(), found.createdAt());
        assertEquals(0, found.version());
    }

    @Test
    void findsNothingForAnUnknownId() {
        assertTrue(store().find(JobId.random()).isEmpty());
    }

    @Test
    void updateWritesTheNextStateAndBumpsTheVersion() {
        Job job = aQueuedJob().forTenant(tenant()).build();
        store().insert(job);

        Job running = store().update(job.start(NOW, Duration.ofMinutes(1))).orElseThrow();
        Job done = store().update(running.succeed(Json.MAPPER.createObjectNode().put("messageId", "m"), NOW))
                .orElseThrow();

        Job found = store().find(job.id()).orElseThrow();
        assertEquals(2, done.version());
        assertEquals(done.version(), found.version());
        assertEquals(JobStatus.SUCCEEDED, found.status());
        assertEquals(1, found.attempts());
        assertEquals("m", found.result().get("messageId").textValue());
        assertEquals(NOW, found.finishedAt());
    }

    @Test
    void onlyOneOfTwoRacingUpdatesWins() {
        Job job = aQueuedJob().forTenant(tenant()).build();
        store().insert(job);

        Optional<Job> first = store().update(job.start(NOW, Duration.ofMinutes(1)));
        Optional<Job> second = store().update(job.start(NOW, Duration.ofMinutes(1)));

        assertTrue(first.isPresent());
        assertTrue(second.isEmpty(), "the second worker's compare-and-set must lose");
        assertEquals(1, store().find(job.id()).orElseThrow().attempts());
    }

    @Test
    void deletesAnUnstartedJob() {
        Job job = aQueuedJob().forTenant(tenant()).build();
        store().insert(job);

        assertTrue(store().deleteUnstarted(job));
        assertTrue(store().find(job.id()).isEmpty());
    }

    @Test
    void doesNotDeleteAJobThatAWorkerAlreadyStarted() {
        Job job = aQueuedJob().forTenant(tenant()).build();
        store().insert(job);
        store().update(job.start(NOW, Duration.ofMinutes(1))).orElseThrow();

        assertFalse(store().deleteUnstarted(job));
        assertTrue(store().find(job.id()).isPresent());
    }
}
