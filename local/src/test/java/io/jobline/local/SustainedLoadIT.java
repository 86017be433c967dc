package io.jobline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobline.tenant.ApiKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Scenario 7, the short version that CI runs: submissions paced at a steady rate (open loop) for a few seconds, the
 * worker keeping up, nothing lost. The long version (200/s for 5 minutes, with latency, queue depth and memory over
 * time) is the {@code io.jobline.bench.SustainedLoad} program; docs/RELIABILITY.md has its figures.
 */
class SustainedLoadIT {

    private static final int RATE_PER_SECOND = Integer.getInteger("jobline.load.rate", 100);
    private static final int SECONDS = Integer.getInteger("jobline.load.seconds", 10);

    @Test
    void aSteadyRateIsAcceptedAndRunWithNothingLost() throws Exception {
        try (LocalJobline jobline = LocalJobline.start(LocalSettings.fromEnv(Map.of(LocalSettings.PORT, "0")))) {
            ApiKey key = jobline.issueKey("load-" + UUID.randomUUID());
            LiftedQuotas.lift(jobline, key);
            JoblineClient client = new JoblineClient(jobline.url());
            AtomicInteger accepted = new AtomicInteger();
            AtomicInteger errors = new AtomicInteger();
            int total = RATE_PER_SECOND * SECONDS;
            ExecutorService senders = Executors.newFixedThreadPool(16);
            ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
            long periodNanos = TimeUnit.SECONDS.toNanos(1) / RATE_PER_SECOND;
            AtomicInteger scheduled = new AtomicInteger();
            Instant started = Instant.now();
            pacer.scheduleAtFixedRate(() -> {
                if (scheduled.incrementAndGet() > total) {
                    return;
                }
                senders.execute(() -> {
                    JoblineClient.Response response = client.submit(key.secret(), "{\"type\":\"email.send\","
                            + "\"payload\":{\"to\":[\"load@example.com\"],\"subject\":\"s\",\"text\":\"t\"}}");
                    (response.status() == 202 ? accepted : errors).incrementAndGet();
                });
            }, 0, periodNanos, TimeUnit.NANOSECONDS);
            while (scheduled.get() < total) {
                Thread.sleep(50);
            }
            pacer.shutdownNow();
            senders.shutdown();
            assertTrue(senders.awaitTermination(60, TimeUnit.SECONDS));
            double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;

            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            long finished = 0;
            while (Instant.now().isBefore(deadline) && (finished = succeeded(jobline)) < accepted.get()) {
                Thread.sleep(100);
            }
            long lost = accepted.get() - finished;
            System.out.printf("scenario=sustained_load_short rate=%d seconds=%.1f submitted=%d accepted=%d errors=%d "
                    + "succeeded=%d lost=%d%n", RATE_PER_SECOND, seconds, total, accepted.get(), errors.get(),
                    finished, lost);
            assertEquals(0, errors.get());
            assertEquals(total, accepted.get());
            assertEquals(0, lost);
        }
    }

    private static long succeeded(LocalJobline jobline) throws SQLException {
        try (Connection connection = jobline.dataSource().getConnection();
                PreparedStatement count = connection.prepareStatement(
                        "SELECT count(*) FROM jobs j JOIN tenants t ON t.id = j.tenant_id"
                                + " WHERE t.name LIKE 'load-%' AND j.status = 'succeeded'")) {
            try (ResultSet row = count.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
