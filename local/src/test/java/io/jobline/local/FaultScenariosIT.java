package io.jobline.local;

import static io.jobline.local.EmailJobs.address;
import static io.jobline.local.EmailJobs.email;
import static io.jobline.local.EmailJobs.shortId;
import static io.jobline.local.EmailJobs.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import io.jobline.Job;
import io.jobline.JobId;
import io.jobline.TenantId;
import io.jobline.config.Config;
import io.jobline.local.JobOutcomes.Submitted;
import io.jobline.local.JobOutcomes.Tally;
import io.jobline.queue.JobMessage;
import io.jobline.store.PostgresJobStore;
import io.jobline.tenant.ApiKey;
import io.jobline.worker.Sweep;
import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The short versions of the fault scenarios of docs/RELIABILITY.md: faults injected into the local stack while jobs
 * flow. Each prints {@code scenario=<name> submitted=.. succeeded=.. failed=.. lost=.. run_twice=..} and asserts that
 * nothing is lost and no email is sent twice. "lost" is a job that was accepted but did not end in a final state (or
 * has no row); "run_twice" counts emails in the SES stand-in beyond one per job, each job having its own recipient.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultScenariosIT {

    private static final Duration FINISH_TIMEOUT = Duration.ofSeconds(40);

    /** The sweep runs only when a scenario says so. */
    @RegisterExtension
    static final ManualSweepJobline stack = new ManualSweepJobline();

    /** Scenario 3: Redis stopped for ~3 s while 100 jobs are submitted and processed. */
    @Test
    @Order(1)
    void redisStoppedWhileJobsFlow() throws Exception {
        ApiKey key = newKey("redis-down");
        LocalRedis redis = stack.jobline().redis().orElseThrow();
        List<Submitted> jobs;
        Instant stopped = Instant.now();
        redis.stop();
        try {
            jobs = submitConcurrently(key, 100, i -> address("redis" + i), "");
            Map<String, String> statuses = awaitFinal(jobs);
            // The outage lasts at least 3 s, however quickly the jobs ran.
            Duration left = Duration.ofSeconds(3).minus(Duration.between(stopped, Instant.now()));
            if (!left.isNegative()) {
                JoblineClient.pause(left);
            }
            for (Submitted job : jobs) {
                JoblineClient.Response read = stack.client().get(key.secret(), job.id());
                assertEquals(200, read.status(), read.raw().body());
                assertEquals("succeeded", read.json().get("status").textValue(), read.raw().body());
                assertEquals("jobline; fwd=miss", read.header("Cache-Status"), "answered by PostgreSQL");
                assertNotNull(read.json().at("/result/messageId").textValue(), read.raw().body());
            }
            report("redis_stopped", jobs, statuses);
        } finally {
            redis.restart();
        }
        // After the restart the results are still there (and the cache fills again).
        for (Submitted job : jobs.subList(0, 5)) {
            JoblineClient.Response read = stack.client().get(key.secret(), job.id());
            assertEquals("succeeded", read.json().get("status").textValue(), read.raw().body());
        }
    }

    /** Scenario 5: SES throttles for a while; jobs retry with their backoff and all complete, none twice. */
    @Test
    @Order(2)
    void sesThrottlingForAWhile() throws Exception {
        ApiKey key = newKey("ses-throttled");
        SesStandIn ses = stack.jobline().ses().orElseThrow();
        stack.awaitIdle(FINISH_TIMEOUT);
        // The SDK tries a throttled send four times itself: 40 refusals fail several first attempts.
        ses.throttle(40);
        try {
            List<Submitted> jobs = submitConcurrently(key, 20, i -> address("throttled" + i),
                    ",\"maxAttempts\":10,\"backoff\":{\"type\":\"exponential\",\"baseSeconds\":1,\"maxSeconds\":2}");
            Map<String, String> statuses = awaitFinal(jobs);
            Tally tally = report("ses_throttled", jobs, statuses);
            assertEquals(jobs.size(), tally.succeeded(), "every job completed");
            long retried = countWhere(jobs, "attempts > 1");
            System.out.println("scenario=ses_throttled jobs_retried=" + retried);
            assertTrue(retried > 0, "the throttling failed some attempts");
        } finally {
            ses.throttle(0);
        }
    }

    /** Scenario 6: poison jobs (rejected by SES every time) in the same batches as good ones; a dead letter. */
    @Test
    @Order(3)
    void poisonJobsAmongGoodOnes() throws Exception {
        ApiKey key = newKey("poison");
        List<Submitted> jobs = new ArrayList<>();
        for (int batch = 0; batch < 5; batch++) {
            StringBuilder body = new StringBuilder("{\"jobs\":[");
            List<String> addresses = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String to = i % 4 == 1 ? "poison" + batch + "-" + i + "-" + shortId() + "@nowhere.invalid"
                        : address("good" + batch + "-" + i);
                addresses.add(to);
                body.append(i == 0 ? "" : ",").append(email(to, ""));
            }
            JoblineClient.Response response = stack.client().send(HttpRequest
                    .newBuilder(stack.jobline().url().resolve("/jobs/batch"))
                    .header("Authorization", "Bearer " + key.secret())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.append("]}").toString())));
            assertEquals(202, response.status(), response.raw().body());
            for (int i = 0; i < 10; i++) {
                jobs.add(new Submitted(response.json().get("jobs").get(i).get("id").textValue(), addresses.get(i)));
            }
        }
        Map<String, String> statuses = awaitFinal(jobs);
        for (Submitted job : jobs) {
            String expected = job.address().endsWith("@nowhere.invalid") ? "failed" : "succeeded";
            assertEquals(expected, statuses.get(job.id()), job.toString());
        }
        List<Submitted> poison = jobs.stream().filter(job -> job.address().endsWith("@nowhere.invalid")).toList();
        assertEquals(poison.size(), countWhere(poison, "status = 'failed' AND attempts = 1"),
                "a permanent failure is not retried");
        Tally tally = report("poison_job", jobs, statuses);
        assertEquals(jobs.size() - poison.size(), tally.succeeded());

        // A message the queue dead-lettered (as redrive does after maxReceiveCount receives) fails its job.
        String to = address("deadletter");
        JoblineClient.Response delayed = stack.client().submit(key.secret(), email(to, ",\"delaySeconds\":600"));
        assertEquals(202, delayed.status(), delayed.raw().body());
        String id = delayed.json().get("id").textValue();
        stack.jobline().sqs().sendMessage(send -> send.queueUrl(stack.jobline().config().queues().normalDeadLetter())
                .messageBody(JobMessage.body(JobId.parse(id))));
        Sweep.Report sweep = stack.jobline().sweepNow();
        assertTrue(sweep.deadLettered() >= 1, sweep.toString());
        JsonNode job = stack.client().get(key.secret(), id).json();
        assertEquals("failed", job.get("status").textValue());
        assertTrue(job.get("error").textValue().startsWith("Dead-lettered"), job.toString());
        Submitted deadLettered = new Submitted(id, to);
        report("dead_lettered", List.of(deadLettered), awaitFinal(List.of(deadLettered)));
        assertEquals(0, stack.mailTo(to));
    }

    /**
     * Scenario 4: the queue unreachable. A submit while it refuses is a 503 with Retry-After and leaves no row; rows
     * committed whose message never reached the queue are queued by the sweep and all run once.
     */
    @Test
    @Order(4)
    void queueUnreachableAfterTheRowIsCommitted() throws Exception {
        submitWhileTheQueueIsUnreachable();

        ApiKey key = newKey("queue-down");
        TenantId tenant = stack.tenantOf(key);
        PostgresJobStore store = new PostgresJobStore(stack.jobline().dataSource());
        List<Submitted> jobs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            // What the API leaves when it commits the row and then cannot reach the queue: a queued row, no message.
            String to = address("unqueued" + i);
            Job job = Job.submit(JobId.random(), tenant, spec(to), null, stack.clock().instant());
            store.insert(job);
            jobs.add(new Submitted(job.id().toString(), to));
        }

        stack.clock().shift(Duration.ofMinutes(6));
        Sweep.Report sweep = stack.jobline().sweepNow();

        assertTrue(sweep.requeued() >= jobs.size(), sweep.toString());
        Map<String, String> statuses = awaitFinal(jobs);
        Tally tally = report("queue_unreachable", jobs, statuses);
        assertEquals(jobs.size(), tally.succeeded());
    }

    /**
     * A second API in front of the same database, whose queue endpoint is a TCP proxy to the real queue; the poller
     * reads the queue's ARN at start, so the proxy passes traffic until then and is cut afterwards.
     */
    private void submitWhileTheQueueIsUnreachable() throws Exception {
        HikariDataSource pool = (HikariDataSource) stack.jobline().dataSource();
        java.net.URI realSqs = URI.create(stack.jobline().config().queues().normal());
        try (CuttableTcpProxy proxy = CuttableTcpProxy.to(realSqs.getPort())) {
            Map<String, String> env = new HashMap<>();
            env.put(LocalSettings.PORT, "0");
            env.put(LocalSettings.SWEEP_SECONDS, "86400");
            env.put(LocalSettings.WORKERS, "1");
            env.put(Config.DATABASE_URL, pool.getJdbcUrl());
            env.put(Config.DATABASE_USER, pool.getUsername());
            env.put(Config.DATABASE_PASSWORD, pool.getPassword());
            env.put(Config.REDIS_URL, stack.jobline().redis().orElseThrow().uri().toString());
            env.put(Config.AWS_ENDPOINT_URL_SESV2, stack.jobline().ses().orElseThrow().endpoint().toString());
            env.put(Config.AWS_ENDPOINT_URL_SQS, "http://127.0.0.1:" + proxy.port());
            env.put(Config.QUEUE_URL, stack.jobline().config().queues().normal());
            env.put(Config.HIGH_PRIORITY_QUEUE_URL, stack.jobline().config().queues().high());
            env.put(Config.DEAD_LETTER_QUEUE_URL, stack.jobline().config().queues().normalDeadLetter());
            env.put(Config.HIGH_PRIORITY_DEAD_LETTER_QUEUE_URL, stack.jobline().config().queues().highDeadLetter());
            try (LocalJobline cut = LocalJobline.start(LocalSettings.fromEnv(env).withClock(stack.clock()))) {
                ApiKey key = cut.issueKey("queue-refuses-" + UUID.randomUUID());
                LiftedQuotas.lift(cut, key);
                TenantId tenant = stack.tenantOf(key);
                JoblineClient cutClient = new JoblineClient(cut.url());
                proxy.cut();
                int refused = 0;
                for (int i = 0; i < 5; i++) {
                    JoblineClient.Response response =
                            cutClient.submit(key.secret(), email(address("refused" + i), ""));
                    assertEquals(503, response.status(), response.raw().body());
                    assertEquals("queue_unavailable", response.json().at("/error/code").textValue());
                    assertNotNull(response.header("Retry-After"), "tells the client when to retry");
                    refused++;
                }
                long rows = stack.jobsOf(tenant);
                System.out.println("scenario=queue_refuses_submit submitted=" + refused + " refused_503=" + refused
                        + " rows_left=" + rows);
                assertEquals(0, rows, "a refused submission leaves no row");
            }
        }
    }

    /**
     * Scenario 2: PostgreSQL unreachable for 10 s during submission. The embedded server cannot be stopped and started
     * on the same port, so a second API and worker reach it through a TCP proxy that is cut (connections closed, port
     * refusing) and healed; they have queues of their own, so only they run these jobs.
     */
    @Test
    @Order(5)
    void postgresUnreachableDuringSubmission() throws Exception {
        HikariDataSource pool = (HikariDataSource) stack.jobline().dataSource();
        int postgresPort = URI.create(pool.getJdbcUrl().substring("jdbc:".length())).getPort();
        URI sqsEndpoint = URI.create(stack.jobline().config().queues().normal()).resolve("/");
        List<String> queues = new ArrayList<>();
        for (String name : List.of("pg-outage-jobs", "pg-outage-jobs-high", "pg-outage-jobs-dlq",
                "pg-outage-jobs-high-dlq")) {
            queues.add(stack.jobline().sqs().createQueue(create -> create.queueName(name).attributes(Map.of(
                    software.amazon.awssdk.services.sqs.model.QueueAttributeName.VISIBILITY_TIMEOUT, "90")))
                    .queueUrl());
        }
        try (CuttableTcpProxy proxy = CuttableTcpProxy.to(postgresPort)) {
            Map<String, String> env = new HashMap<>();
            env.put(LocalSettings.PORT, "0");
            env.put(LocalSettings.SWEEP_SECONDS, "86400");
            env.put(LocalSettings.WORKERS, "2");
            env.put(Config.DATABASE_URL, "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/postgres");
            env.put(Config.DATABASE_USER, pool.getUsername());
            env.put(Config.DATABASE_PASSWORD, pool.getPassword());
            env.put(Config.DATABASE_CONNECT_TIMEOUT_MS, "1000");
            env.put(Config.REDIS_URL, stack.jobline().redis().orElseThrow().uri().toString());
            env.put(Config.AWS_ENDPOINT_URL_SESV2, stack.jobline().ses().orElseThrow().endpoint().toString());
            env.put(Config.AWS_ENDPOINT_URL_SQS, sqsEndpoint.toString());
            env.put(Config.QUEUE_URL, queues.get(0));
            env.put(Config.HIGH_PRIORITY_QUEUE_URL, queues.get(1));
            env.put(Config.DEAD_LETTER_QUEUE_URL, queues.get(2));
            env.put(Config.HIGH_PRIORITY_DEAD_LETTER_QUEUE_URL, queues.get(3));
            try (LocalJobline other = LocalJobline.start(LocalSettings.fromEnv(env).withClock(stack.clock()))) {
                ApiKey key = other.issueKey("postgres-down-" + UUID.randomUUID());
                LiftedQuotas.lift(other, key);
                TenantId tenant = stack.tenantOf(key);
                JoblineClient otherClient = new JoblineClient(other.url());

                // Before: accepted and run.
                List<Submitted> jobs = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    jobs.add(submitTo(otherClient, key, address("before" + i)));
                }
                awaitFinal(jobs);

                // During: every submission is refused with 503 and Retry-After, and writes nothing.
                proxy.cut();
                Instant cutAt = Instant.now();
                int attempted = 0;
                int refused = 0;
                while (Duration.between(cutAt, Instant.now()).compareTo(Duration.ofSeconds(10)) < 0) {
                    attempted++;
                    JoblineClient.Response response =
                            otherClient.submit(key.secret(), email(address("during" + attempted), ""));
                    assertEquals(503, response.status(), response.raw().body());
                    assertEquals("database_unavailable", response.json().at("/error/code").textValue());
                    assertNotNull(response.header("Retry-After"), "tells the client when to retry");
                    refused++;
                }
                proxy.heal();

                // After: the API and the worker reconnect by themselves; a client retrying on 503 gets through.
                int refusedAfterHeal = 0;
                for (int i = 0; i < 20; i++) {
                    String to = address("after" + i);
                    JoblineClient.Response response = otherClient.submit(key.secret(), email(to, ""));
                    Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
                    while (response.status() == 503 && Instant.now().isBefore(deadline)) {
                        refusedAfterHeal++;
                        JoblineClient.pause(Duration.ofMillis(200));
                        response = otherClient.submit(key.secret(), email(to, ""));
                    }
                    assertEquals(202, response.status(), response.raw().body());
                    jobs.add(new Submitted(response.json().get("id").textValue(), to));
                }
                Map<String, String> statuses = awaitFinal(jobs);
                long rows = stack.jobsOf(tenant);
                System.out.println("scenario=postgres_unreachable attempted_during_outage=" + attempted
                        + " refused_503=" + refused + " refused_after_restart=" + refusedAfterHeal
                        + " rows=" + rows + " accepted=" + jobs.size());
                assertEquals(jobs.size(), rows, "only accepted submissions left a row");
                Tally tally = report("postgres_unreachable", jobs, statuses);
                assertEquals(jobs.size(), tally.succeeded());
            }
        }
    }

    private static Submitted submitTo(JoblineClient to, ApiKey key, String address) {
        JoblineClient.Response response = to.submit(key.secret(), email(address, ""));
        assertEquals(202, response.status(), response.raw().body());
        return new Submitted(response.json().get("id").textValue(), address);
    }

    // ---------------------------------------------------------------------------------------------------------------

    private interface AddressFor {
        String of(int index);
    }

    private static ApiKey newKey(String name) {
        ApiKey key = stack.jobline().issueKey(name + "-" + UUID.randomUUID());
        LiftedQuotas.lift(stack.jobline(), key);
        return key;
    }

    private static List<Submitted> submitConcurrently(ApiKey key, int count, AddressFor addressFor, String extra)
            throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<Submitted>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String to = addressFor.of(i);
                futures.add(pool.submit(() -> {
                    JoblineClient.Response response = stack.client().submit(key.secret(), email(to, extra));
                    assertEquals(202, response.status(), response.raw().body());
                    return new Submitted(response.json().get("id").textValue(), to);
                }));
            }
            List<Submitted> jobs = new ArrayList<>();
            for (Future<Submitted> future : futures) {
                jobs.add(future.get());
            }
            return jobs;
        }
    }

    /** Waits until every job is succeeded, failed or cancelled, or the timeout passes; the status of each row. */
    private static Map<String, String> awaitFinal(List<Submitted> jobs) throws SQLException {
        return JobOutcomes.awaitFinal(() -> statuses(jobs), FINISH_TIMEOUT, Duration.ofMillis(100));
    }

    private static Map<String, String> statuses(List<Submitted> jobs) throws SQLException {
        Map<String, String> statuses = new HashMap<>();
        try (Connection connection = stack.jobline().dataSource().getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT id::text, status FROM jobs WHERE id = ANY (?)")) {
            Array ids = connection.createArrayOf("uuid", jobs.stream().map(job -> UUID.fromString(job.id())).toArray());
            query.setArray(1, ids);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    statuses.put(rows.getString(1), rows.getString(2));
                }
            }
        }
        return statuses;
    }

    private static long countWhere(List<Submitted> jobs, String condition) throws SQLException {
        try (Connection connection = stack.jobline().dataSource().getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT count(*) FROM jobs WHERE id = ANY (?) AND " + condition)) {
            query.setArray(1, connection.createArrayOf("uuid",
                    jobs.stream().map(job -> UUID.fromString(job.id())).toArray()));
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** Prints the scenario's line and asserts lost = 0 and run twice = 0. */
    private static Tally report(String scenario, List<Submitted> jobs, Map<String, String> statuses) {
        Tally tally = Tally.of(jobs, statuses);
        // Let a late duplicate show up before counting.
        JoblineClient.pause(Duration.ofMillis(300));
        int runTwice = 0;
        for (String address : jobs.stream().map(Submitted::address).distinct().toList()) {
            runTwice += Math.max(0, stack.mailTo(address) - 1);
        }
        System.out.println("scenario=" + scenario + " submitted=" + jobs.size() + " succeeded="
                + tally.succeeded() + " failed=" + tally.failed() + " lost=" + tally.lost() + " run_twice="
                + runTwice);
        assertEquals(0, tally.lost(), scenario + ": lost");
        assertEquals(0, runTwice, scenario + ": run twice");
        return tally;
    }
}
