package io.jobline.worker;

import com.zaxxer.hikari.HikariDataSource;
import io.jobline.BackoffPolicy;
import io.jobline.Job;
import io.jobline.cache.JobCache;
import io.jobline.cache.RedisJobCache;
import io.jobline.config.Config;
import io.jobline.mail.Mailer;
import io.jobline.metrics.JobMetrics;
import io.jobline.mail.SesMailer;
import io.jobline.webhook.AddressPolicy;
import io.jobline.webhook.CallbackSecrets;
import io.jobline.webhook.HttpWebhookSender;
import io.jobline.webhook.PostgresCallbackSecrets;
import io.jobline.webhook.WebhookSender;
import io.jobline.ratelimit.ConcurrencyLimiter;
import io.jobline.ratelimit.Rate;
import io.jobline.ratelimit.RedisConcurrencyLimiter;
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
        Map<String, Rate> rateLimits,
        Map<String, BackoffPolicy> retryBackoff,
        ConcurrencyLimiter concurrencyLimiter,
        Map<String, Integer> concurrencyLimits,
        JobMetrics metrics) {

    /** Without metrics. */
    public Dependencies(JobStore store, JobQueue queue, JobCache cache, List<JobRunner> runners, Duration jobLease,
            Clock clock, Runnable dropConnections, Sweep.Schedules schedules, Consumer<Job> onFinished,
            RateLimiter rateLimiter, Map<String, Rate> rateLimits, Map<String, BackoffPolicy> retryBackoff,
            ConcurrencyLimiter concurrencyLimiter, Map<String, Integer> concurrencyLimits) {
        this(store, queue, cache, runners, jobLease, clock, dropConnections, schedules, onFinished, rateLimiter,
                rateLimits, retryBackoff, concurrencyLimiter, concurrencyLimits, JobMetrics.NONE);
    }

    /** For tests: no schedules, nothing to do when a job finishes, no rate limits, no metrics. */
    public Dependencies(JobStore store, JobQueue queue, JobCache cache, List<JobRunner> runners, Duration jobLease,
            Clock clock, Runnable dropConnections) {
        this(store, queue, cache, runners, jobLease, clock, dropConnections, Sweep.Schedules.NONE, job -> {},
                RateLimiter.NONE, Map.of(), Map.of(), ConcurrencyLimiter.NONE, Map.of());
    }

    /** The sweep's view of recurring schedules: fire what is due, each occurrence creating one job. */
    public static Sweep.Schedules schedulesOf(ScheduleStore store) {
        return (now, limit) -> store.fireDue(now, limit, ScheduledJobFactory.standard());
    }

    /** Every job type the worker runs: email, webhooks, and the delivery of completion callbacks. */
    public static List<JobRunner> runners(Mailer mailer, String senderAddress, AddressPolicy webhookPolicy,
            CallbackSecrets callbackSecrets, Clock clock) {
        WebhookSender webhooks = new HttpWebhookSender(webhookPolicy);
        return List.of(
                new EmailJob(mailer, senderAddress),
                new WebhookJob(webhooks, webhookPolicy, clock),
                new CallbackJob(webhooks, callbackSecrets, webhookPolicy, clock));
    }

    /** What a finished job sets off: its completion callback, when it has one. */
    public static Consumer<Job> onFinished(JobStore store, JobQueue queue, Clock clock) {
        return new CompletionCallbacks(store, queue, clock);
    }

    public static Dependencies fromConfig(Config config) {
        HikariDataSource dataSource = Database.connect(config.database(), "jobline-worker");
        RedisClient redis = RedisJobCache.client(config);
        JobStore store = new PostgresJobStore(dataSource);
        JobQueue queue = new SqsJobQueue(SqsJobQueue.client(config), config.queues());
        return new Dependencies(
                store,
                queue,
                new RedisJobCache(redis, config.cacheTtl(), Database.clock()),
                runners(new SesMailer(SesMailer.client(config)), config.senderAddress(), config.webhookPolicy(),
                        new PostgresCallbackSecrets(dataSource), Database.clock()),
                config.jobLease(),
                Database.clock(),
                () -> {
                    dataSource.getHikariPoolMXBean().softEvictConnections();
                    redis.getPool().clear();
                },
                schedulesOf(new PostgresScheduleStore(dataSource)),
                onFinished(store, queue, Database.clock()),
                new RedisRateLimiter(redis, Database.clock()),
                config.rateLimits(),
                config.retryBackoff(),
                new RedisConcurrencyLimiter(redis, Database.clock()),
                config.concurrencyLimits(),
                JobMetrics.forService(config.metrics(), JobMetrics.WORKER));
    }
}
