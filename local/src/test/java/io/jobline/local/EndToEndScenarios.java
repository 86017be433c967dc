package io.jobline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.jobline.JobId;
import io.jobline.queue.JobMessage;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The end-to-end scenarios of the core: submit, run, read, over real HTTP against the real handlers. One class of
 * scenarios, run in every environment: the embedded stand-ins ({@link LocalJoblineIT}) and, where Docker exists,
 * LocalStack's SQS and SES ({@link LocalStackIT}).
 */
abstract class EndToEndScenarios {

    static final Duration FINISH_TIMEOUT = Duration.ofSeconds(30);

    /** The running system under test. */
    protected abstract LocalJobline jobline();

    /** How many emails the environment's SES has accepted for {@code address}. */
    protected abstract int mailCountTo(String address);

    protected JoblineClient client() {
        return new JoblineClient(jobline().url());
    }

    protected static String uniqueAddress(String name) {
        return name + "+" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    protected static String emailJob(String to) {
        return """
                {"type":"email.send","payload":{"to":["%s"],"subject":"Welcome","text":"Hello from the tests"}}"""
                .formatted(to);
    }

    @Test
    void anEmailJobRunsAndItsResultIsServedFromTheCache() {
        String key = jobline().issueKey("tenant-" + UUID.randomUUID()).secret();
        String to = uniqueAddress("ada");

        JoblineClient.Response submitted = client().submit(key, emailJob(to));

        assertEquals(202, submitted.status(), submitted.raw().body());
        String id = submitted.json().get("id").textValue();
        assertEquals("/jobs/" + id, submitted.header("Location"));
        assertEquals("queued", submitted.json().get("status").textValue());

        JoblineClient.Response finished = client().awaitFinished(key, id, FINISH_TIMEOUT);
        assertEquals("succeeded", finished.json().get("status").textValue(), finished.raw().body());
        assertEquals(1, finished.json().get("attempts").intValue());
        assertFalse(finished.json().at("/result/messageId").asText().isEmpty());
        awaitMail(to, 1);

        JoblineClient.Response again = client().get(key, id);
        assertEquals("jobline; hit", again.header("Cache-Status"), "finished jobs are read from Redis");
        assertEquals(finished.json(), again.json());
    }

    @Test
    void aWrongKeyIsUnauthorizedAndChangesNothing() {
        long jobsBefore = countJobs();

        JoblineClient.Response response = client().submit("jl_" + "x".repeat(43), emailJob(uniqueAddress("eve")));

        assertEquals(401, response.status());
        assertEquals("unauthorized", response.json().at("/error/code").textValue());
        assertEquals(jobsBefore, countJobs());
    }

    @Test
    void anotherTenantsJobDoesNotExistForYou() {
        String alice = jobline().issueKey("alice-" + UUID.randomUUID()).secret();
        String mallory = jobline().issueKey("mallory-" + UUID.randomUUID()).secret();
        String id = client().submit(alice, emailJob(uniqueAddress("alice"))).json().get("id").textValue();
        client().awaitFinished(alice, id, FINISH_TIMEOUT);

        JoblineClient.Response theirs = client().get(mallory, id);
        JoblineClient.Response nobodys = client().get(mallory, JobId.random().toString());

        assertEquals(404, theirs.status());
        assertEquals(404, nobodys.status());
        assertEquals(theirs.json().at("/error/code"), nobodys.json().at("/error/code"),
                "the answer must not reveal that the job exists");
    }

    @Test
    void rejectedRequestsLeaveNoRowAndNoMessage() {
        String key = jobline().issueKey("tenant-" + UUID.randomUUID()).secret();
        awaitQueueEmpty();
        long jobsBefore = countJobs();

        for (String body : List.of("{", "[]", "{\"type\":\"email.send\"}", "{\"type\":\"sms.send\",\"payload\":{}}",
                "{\"type\":\"email.send\",\"payload\":{\"to\":[\"a@example.com\\r\\nBcc: b@example.com\"],"
                        + "\"subject\":\"s\",\"text\":\"t\"}}")) {
            JoblineClient.Response response = client().submit(key, body);
            assertEquals(400, response.status(), body);
            assertNotNull(response.json().at("/error/message").textValue());
        }

        assertEquals(jobsBefore, countJobs());
        assertEquals(0, queueDepth(), "no message was sent");
    }

    @Test
    void aMessageRedeliveredAfterSuccessSendsNoSecondEmail() {
        String key = jobline().issueKey("tenant-" + UUID.randomUUID()).secret();
        String to = uniqueAddress("grace");
        String id = client().submit(key, emailJob(to)).json().get("id").textValue();
        client().awaitFinished(key, id, FINISH_TIMEOUT);
        awaitMail(to, 1);

        jobline().sqs().sendMessage(send -> send.queueUrl(jobline().config().queues().normal())
                .messageBody(JobMessage.body(JobId.parse(id))));
        awaitQueueEmpty();

        assertEquals(1, mailCountTo(to), "at-least-once delivery must not mean a second email");
        JoblineClient.Response job = client().get(key, id);
        assertEquals("succeeded", job.json().get("status").textValue());
        assertEquals(1, job.json().get("attempts").intValue());
    }

    @Test
    void withRedisStoppedJobsAreStillSubmittedRunAndRead() {
        LocalRedis redis = jobline().redis().orElseThrow();
        String key = jobline().issueKey("tenant-" + UUID.randomUUID()).secret();
        String to = uniqueAddress("hopper");
        redis.stop();
        try {
            JoblineClient.Response submitted = client().submit(key, emailJob(to));
            assertEquals(202, submitted.status(), submitted.raw().body());
            String id = submitted.json().get("id").textValue();

            JoblineClient.Response finished = client().awaitFinished(key, id, FINISH_TIMEOUT);

            assertEquals("succeeded", finished.json().get("status").textValue());
            assertEquals("jobline; fwd=miss", finished.header("Cache-Status"), "answered by PostgreSQL");
            awaitMail(to, 1);
        } finally {
            redis.restart();
        }
    }

    protected void awaitMail(String address, int count) {
        Instant deadline = Instant.now().plus(FINISH_TIMEOUT);
        while (mailCountTo(address) < count && Instant.now().isBefore(deadline)) {
            JoblineClient.pause(Duration.ofMillis(50));
        }
        assertEquals(count, mailCountTo(address), "emails to " + address);
    }

    protected long countJobs() {
        try (Connection connection = jobline().dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet count = statement.executeQuery("SELECT count(*) FROM jobs")) {
            count.next();
            return count.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Messages in the job queues (both priorities): visible, in flight and delayed. */
    protected long queueDepth() {
        return QueueDepthsOf.jobMessages(jobline());
    }

    protected void awaitQueueEmpty() {
        Instant deadline = Instant.now().plus(FINISH_TIMEOUT);
        while (queueDepth() > 0 && Instant.now().isBefore(deadline)) {
            JoblineClient.pause(Duration.ofMillis(50));
        }
        assertEquals(0, queueDepth(), "queue drained");
    }
}
