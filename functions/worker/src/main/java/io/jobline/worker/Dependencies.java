package io.jobline.worker;

import com.zaxxer.hikari.HikariDataSource;
import io.jobline.Job;
import io.jobline.cache.JobCache;
import io.jobline.cache.RedisJobCache;
import io.jobline.config.Config;
import io.jobline.mail.SesMailer;
import io.jobline.ratelimit.Rate;
import io.jobline.schedule.PostgresScheduleStore;
import io.jobline.schedule.ScheduleStore;
import io.jobline.schedule.ScheduledJobFactory;
import io.jobline.ratelimit.RateLimiter;
import io.jobline.ratelimit.RedisRateLimiter;
import io.jobline.queue.JobQueue;
import io.jobline.queue.SqsJobQueue;
import io.jobline.store.Database;
import io.jobline.store.JobStore;
import io.jobline.store.PostgresJobStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import redis.clients.jedis.RedisClient;

/**
 * What the worker function works with. Built once per Lambda instance, at init. {@code dropConnections} closes the
 * network connections before a SnapStart snapshot.
 */
public record Dependencies(
        JobStore store,
        JobQueue queue,
        JobCache cache,
        List<JobRunner> runners,
        Duration jobLease,
        Clock clock,
        Runnable dropConnections,
        Sweep.Schedules schedules,
        Consumer<Job> onFinished,
        RateLimiter rateLimiter,
        Map<String, Rate> rateLimits) {

    /** For tests: no schedules, nothing to do when a job finishes, no rate limits. */
    public Dependencies(JobStore store, JobQueue queue, JobCache cache, List<JobRunner> runners, Duration jobLease,
            Clock clock, Runnable dropConnections) {
        this(store, queue, cache, runners, jobLease, clock, dropConnections, Sweep.Schedules.NONE, job -> {},
                RateLimiter.NONE, Map.of());
    }

    /** The sweep's view of recurring schedules: fire what is due, each occurrence creating one job. */
    public static Sweep.Schedules schedulesOf(ScheduleStore store) {
        return (now, limit) -> store.fireDue(now, limit, ScheduledJobFactory.standard());
    }

    public static Dependencies fromConfig(Config config) {
        HikariDataSource dataSource = Database.connect(config.database(), "jobline-worker");
        RedisClient redis = RedisJobCache.client(config);
        return new Dependencies(
                new PostgresJobStore(dataSource),
                new SqsJobQueue(SqsJobQueue.client(config), config.queues()),
                new RedisJobCache(redis, config.cacheTtl(), Database.clock()),
                List.of(new EmailJob(new SesMailer(SesMailer.client(config)), config.senderAddress())),
                config.jobLease(),
                Database.clock(),
                () -> {
                    dataSource.getHikariPoolMXBean().softEvictConnections();
                    redis.getPool().clear();
                },
                schedulesOf(new PostgresScheduleStore(dataSource)),
                job -> {},
                new RedisRateLimiter(redis, Database.clock()),
                config.rateLimits());
    }
}
