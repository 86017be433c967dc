package io.jobline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The end-to-end scenarios against the local runner with everything embedded, plus what only the stand-ins can do. */
class LocalJoblineIT extends EndToEndScenarios {

    private static LocalJobline jobline;

    @BeforeAll
    static void start() {
        jobline = LocalJobline.start(LocalSettings.forTests());
    }

    @AfterAll
    static void stop() {
        jobline.close();
    }

    @Override
    protected LocalJobline jobline() {
        return jobline;
    }

    @Override
    protected int mailCountTo(String address) {
        return jobline.ses().orElseThrow().mailTo(address).size();
    }

    @Test
    void anAddressSesRejectsFailsTheJobWithoutRetrying() {
        String key = jobline.issueKey("tenant-" + UUID.randomUUID()).secret();

        String id = client().submit(key, emailJob("nobody@nowhere.invalid")).json().get("id").textValue();
        JoblineClient.Response finished = client().awaitFinished(key, id, FINISH_TIMEOUT);

        assertEquals("failed", finished.json().get("status").textValue());
        assertEquals(1, finished.json().get("attempts").intValue(), "a permanent error is not retried");
        assertTrue(finished.json().get("error").textValue().contains("MessageRejected"));
    }

    @Test
    void sesThrottlingIsRetriedWithBackoffUntilTheMailGoesOut() {
        String key = jobline.issueKey("tenant-" + UUID.randomUUID()).secret();
        String to = uniqueAddress("throttled");
        awaitQueueEmpty(); // no other job may take the throttled answers
        // The SDK retries a throttled call three times itself; four refusals fail the job's first attempt.
        jobline.ses().orElseThrow().throttle(4);

        String id = client().submit(key, emailJob(to)).json().get("id").textValue();
        JoblineClient.Response finished = client().awaitFinished(key, id, FINISH_TIMEOUT);

        assertEquals("succeeded", finished.json().get("status").textValue(), finished.raw().body());
        assertEquals(2, finished.json().get("attempts").intValue());
        awaitMail(to, 1);
    }

    @Test
    void theDevelopmentKeyWorks() {
        String key = jobline.devApiKey().secret();
        JoblineClient.Response response = client().submit(key, emailJob(uniqueAddress("dev")));

        assertEquals(202, response.status());
        JoblineClient.Response finished =
                client().awaitFinished(key, response.json().get("id").textValue(), FINISH_TIMEOUT);
        assertEquals("succeeded", finished.json().get("status").textValue());
    }
}
