package io.jobline.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobline.BackoffPolicy;
import io.jobline.Job;
import io.jobline.JobId;
import io.jobline.JobSpec;
import io.jobline.JobTestBuilder;
import io.jobline.Json;
import io.jobline.Priority;
import io.jobline.TenantId;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobSnapshotTest {

    private static final BackoffPolicy BACKOFF = new BackoffPolicy(Duration.ofSeconds(5), Duration.ofSeconds(3600));

    private static Job aJobWithItsOwnBackoff() {
        JobSpec spec = new JobSpec("email.send", JobTestBuilder.emailPayload("a@example.com"), 3, Priority.NORMAL,
                Optional.of(BACKOFF), Optional.empty());
        return Job.submit(JobId.random(), TenantId.random(), spec, null, JobTestBuilder.NOW);
    }

    @Test
    void theBackoffIsCachedAsAnObject() throws Exception {
        String written = JobSnapshot.write(aJobWithItsOwnBackoff());

        assertTrue(Json.MAPPER.readTree(written).get("backoff").isObject(), written);
        assertEquals(BACKOFF, JobSnapshot.read(written).backoff());
    }

    /** Regression guard: snapshots cached before held the backoff as a JSON string inside the JSON. */
    @Test
    void aSnapshotWithTheBackoffAsAStringStillReads() throws Exception {
        ObjectNode old = (ObjectNode) Json.MAPPER.readTree(JobSnapshot.write(aJobWithItsOwnBackoff()));
        old.put("backoff", old.get("backoff").toString());

        assertEquals(BACKOFF, JobSnapshot.read(old.toString()).backoff());
    }

    @Test
    void aJobWithoutItsOwnBackoffHasNone() throws Exception {
        assertNull(JobSnapshot.read(JobSnapshot.write(JobTestBuilder.aQueuedJob().build())).backoff());
    }
}
