package io.jobline.local;

import static io.jobline.local.EmailJobs.address;
import static io.jobline.local.EmailJobs.email;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jobline.config.Config;
import io.jobline.local.JobOutcomes.Submitted;
import io.jobline.local.JobOutcomes.Tally;
import io.jobline.queue.QueueUrls;
import io.jobline.tenant.ApiKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Scenario 1 of docs/RELIABILITY.md: the worker process killed with SIGKILL while batches are in flight, and restarted.
 *
 * <p>The test owns the embedded PostgreSQL, Redis, ElasticMQ and SES stand-in, and queues with a 15 s visibility
 * timeout (instead of the local runner's 90 s) so that messages a dead worker had received come back within the test.
 * An API and sweep run in this JVM ({@code JOBLINE_LOCAL_WORKERS=0}: no poller); the worker is a LocalJobline in a
 * child JVM with a 10 s job lease, the only process reading the queues. While the jobs are submitted and run, the child
 * is killed (destroyForcibly, SIGKILL) each time another share of the jobs has succeeded, and a new child is started.
 *
 * <p>Jobs a killed worker held are {@code running} with a lease; once it ends, the sweep (every 2 s here) or a
 * redelivered message starts a new attempt and the history records the old one as lost. An email the killed worker
 * had handed to SES before the kill, but whose outcome it had not yet written, is sent again by the next attempt: that
 * is the crash window, and every duplicate must be explained by it ({@code run_twice <= in_window}).
 *
 * <p>Job count: {@code -Djobline.workerKilled.jobs=2000} (the default).
 */
class WorkerKilledIT {

    private static final int JOBS = Integer.getInteger("jobline.workerKilled.jobs", 2000);
    /** The child is killed when this share of the jobs has succeeded: 20 %, 45 %, 70 %. */
    private static final double[] KILL_AT = {0.20, 0.45, 0.70};
    private static final int VISIBILITY_TIMEOUT_SECONDS = 15;
    private static final Duration FINISH_TIMEOUT = Duration.ofSeconds(120);
    private static final java.util.regex.Pattern API_LINE =
            java.util.regex.Pattern.compile("^\\s*API\\s+(http://\\S+)\\s*$", java.util.regex.Pattern.MULTILINE);

    @Test
    void workerKilledMidBatchAndRestarted() throws Exception {
        long started = System.nanoTime();
        List<Path> logs = new ArrayList<>();
        Process child = null;
        try (EmbeddedServices services = EmbeddedServices.start(EmbeddedServices.Service.POSTGRES,
                        EmbeddedServices.Service.REDIS, EmbeddedServices.Service.SQS);
                SesStandIn ses = SesStandIn.start()) {
            Map<String, String> env = environment(services, ses);
            Map<String, String> apiEnv = new HashMap<>(env);
            apiEnv.put(LocalSettings.PORT, "0");
            apiEnv.put(LocalSettings.WORKERS, "0");
            apiEnv.put(LocalSettings.SWEEP_SECONDS, "2");
            try (LocalJobline api = LocalJobline.start(LocalSettings.fromEnv(apiEnv))) {
                assertTrue(api.poller() == null, "the API process runs no poller");
                ApiKey key = api.issueKey("worker-killed-" + UUID.randomUUID());
                LiftedQuotas.lift(api, key);
                JoblineClient client = new JoblineClient(api.url());

                child = startWorker(env, logs);
                List<Submitted> jobs = new ArrayList<>();
                int kills = 0;
                try (ExecutorService submitters = Executors.newFixedThreadPool(4)) {
                    List<Future<Submitted>> futures = new ArrayList<>();
                    for (int i = 0; i < JOBS; i++) {
                        String to = address("killed" + i);
                        futures.add(submitters.submit(() -> {
                            JoblineClient.Response response = client.submit(key.secret(), email(to));
                            assertEquals(202, response.status(), response.raw().body());
                            return new Submitted(response.json().get("id").textValue(), to);
                        }));
                    }
                    // Kills while the jobs flow: each when another share has succeeded, batches being in flight.
                    for (double share : KILL_AT) {
                        int threshold = (int) (JOBS * share);
                        Instant deadline = Instant.now().plus(FINISH_TIMEOUT);
                        while (succeededOf(api, key) < threshold && Instant.now().isBefore(deadline)) {
                            assertTrue(child.isAlive(), "the worker died by itself");
                            JoblineClient.pause(Duration.ofMillis(20));
                        }
                        child.destroyForcibly();
                        assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the worker died on SIGKILL");
                        kills++;
                        System.out.printf("kill %d at %d succeeded (%.1f s)%n", kills, succeededOf(api, key),
                                (System.nanoTime() - started) / 1e9);
                        child = startWorker(env, logs);
                    }
                    for (Future<Submitted> future : futures) {
                        jobs.add(future.get());
                    }
                }

                Map<String, String> statuses = awaitFinal(api, key);
                Tally tally = Tally.of(jobs, statuses);
                // Let a late duplicate show up before counting.
                JoblineClient.pause(Duration.ofMillis(500));
                Map<String, Integer> lostAttempts = lostAttempts(api, key);
                int runTwice = 0;
                int inWindow = 0;
                int jobsWithLostAttempt = 0;
                for (Submitted job : jobs) {
                    int extra = Math.max(0, ses.mailTo(job.address()).size() - 1);
                    int lostOfJob = lostAttempts.getOrDefault(job.id(), 0);
                    jobsWithLostAttempt += lostOfJob > 0 ? 1 : 0;
                    runTwice += extra;
                    // A second email is explained only by an attempt that died after SES accepted its email.
                    if (extra > 0 && "succeeded".equals(statuses.get(job.id()))) {
                        inWindow += Math.min(extra, lostOfJob);
                    }
                }
                System.out.println("scenario=worker_killed submitted=" + jobs.size() + " succeeded="
                        + tally.succeeded() + " failed=" + tally.failed() + " lost=" + tally.lost() + " run_twice="
                        + runTwice + " kills=" + kills + " in_window=" + inWindow);
                System.out.printf("scenario=worker_killed jobs_with_lost_attempt=%d worker_starts=%d seconds=%.1f%n",
                        jobsWithLostAttempt, kills + 1, (System.nanoTime() - started) / 1e9);
                assertEquals(JOBS, jobs.size());
                assertEquals(0, tally.lost(), "lost");
                assertEquals(jobs.size(), tally.succeeded(), "every job succeeded");
                assertTrue(runTwice <= inWindow, "every duplicate email is explained by the crash window: run_twice="
                        + runTwice + " in_window=" + inWindow);
                assertTrue(jobsWithLostAttempt > 0, "the kills caught attempts in flight");
            }
        } finally {
            if (child != null && child.isAlive()) {
                child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            for (Path log : logs) {
                Files.deleteIfExists(log);
            }
        }
    }

    /** What the API and the workers share: the test's services and queues, a 10 s lease (the minimum). */
    private static Map<String, String> environment(EmbeddedServices services, SesStandIn ses) {
        Map<String, String> env = new HashMap<>();
        env.put(Config.DATABASE_URL, services.postgres().jdbcUrl());
        env.put(Config.DATABASE_USER, services.postgres().user());
        env.put(Config.DATABASE_PASSWORD, services.postgres().password());
        env.put(Config.REDIS_URL, services.redis().uri().toString());
        env.put(Config.AWS_ENDPOINT_URL_SESV2, ses.endpoint().toString());
        env.put(Config.AWS_ENDPOINT_URL_SQS, services.sqs().endpoint().toString());
        env.put(Config.JOB_LEASE_SECONDS, "10");
        try (SqsClient sqs = LocalAws.sqs(services.sqs().endpoint())) {
            // A visibility timeout above the 10 s lease but short enough for a test.
            QueueUrls queues = LocalJobline.createQueues(sqs, "killed-jobs", VISIBILITY_TIMEOUT_SECONDS);
            env.put(Config.QUEUE_URL, queues.normal());
            env.put(Config.DEAD_LETTER_QUEUE_URL, queues.normalDeadLetter());
            env.put(Config.HIGH_PRIORITY_QUEUE_URL, queues.high());
            env.put(Config.HIGH_PRIORITY_DEAD_LETTER_QUEUE_URL, queues.highDeadLetter());
        }
        return env;
    }

    /** A LocalJobline worker in a child JVM: 4 pollers, no sweep of its own; returns once it is polling. */
    private static Process startWorker(Map<String, String> shared, List<Path> logs) throws Exception {
        Path stdout = Files.createTempFile("jobline-worker-out", ".log");
        Path stderr = Files.createTempFile("jobline-worker-err", ".log");
        logs.add(stdout);
        logs.add(stderr);
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+IgnoreUnrecognizedVMOptions",
                "--sun-misc-unsafe-memory-access=allow",
                "--enable-native-access=ALL-UNNAMED",
                "-XX:TieredStopAtLevel=1",
                "-Djobline.log.level=warn",
                "-cp", System.getProperty("java.class.path"),
                LocalJobline.class.getName()));
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("JOBLINE_") || name.startsWith("AWS_"));
        env.putAll(shared);
        env.put(LocalSettings.PORT, "0");
        env.put(LocalSettings.WORKERS, "4");
        env.put(LocalSettings.SWEEP_SECONDS, "86400");
        builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        Process child = builder.start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            if (API_LINE.matcher(Files.readString(stdout, StandardCharsets.UTF_8)).find()) {
                return child;
            }
            if (!child.isAlive()) {
                fail("The worker exited with " + child.exitValue() + ":\n" + Files.readString(stderr));
            }
            Thread.sleep(100);
        }
        child.destroyForcibly();
        fail("The worker did not start in time:\n" + Files.readString(stderr));
        return null;
    }

    private static int succeededOf(LocalJobline api, ApiKey key) throws SQLException {
        try (Connection connection = api.dataSource().getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM jobs j WHERE j.tenant_id = ? AND j.status = 'succeeded'")) {
            query.setObject(1, tenantOf(api, key));
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    /** The status of every job of the key's tenant, once all are final or the timeout has passed. */
    private static Map<String, String> awaitFinal(LocalJobline api, ApiKey key) throws SQLException {
        return JobOutcomes.awaitFinal(() -> statuses(api, key), FINISH_TIMEOUT, Duration.ofMillis(200));
    }

    private static Map<String, String> statuses(LocalJobline api, ApiKey key) throws SQLException {
        Map<String, String> statuses = new HashMap<>();
        try (Connection connection = api.dataSource().getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT j.id::text, j.status FROM jobs j WHERE j.tenant_id = ?")) {
            query.setObject(1, tenantOf(api, key));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    statuses.put(rows.getString(1), rows.getString(2));
                }
            }
        }
        return statuses;
    }

    /**
     * Per job, its attempts that lost their worker: closed as {@code lost} when a worker took the job over, or as
     * {@code retrying} with the sweep's "lost its worker" error when the sweep recovered it.
     */
    private static Map<String, Integer> lostAttempts(LocalJobline api, ApiKey key) throws SQLException {
        Map<String, Integer> lost = new HashMap<>();
        try (Connection connection = api.dataSource().getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT a.job_id::text, count(*)"
                        + " FROM job_attempts a JOIN jobs j ON j.id = a.job_id"
                        + " WHERE j.tenant_id = ?"
                        + " AND (a.outcome = 'lost' OR a.error LIKE '%lost its worker%') GROUP BY a.job_id")) {
            query.setObject(1, tenantOf(api, key));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    lost.put(rows.getString(1), rows.getInt(2));
                }
            }
        }
        return lost;
    }

    private static UUID tenantOf(LocalJobline api, ApiKey key) {
        return new io.jobline.tenant.PostgresTenantStore(api.dataSource()).findTenantByKeyHash(key.hash())
                .orElseThrow().value();
    }
}
