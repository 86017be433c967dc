package io.jobline.api;

import com.zaxxer.hikari.HikariDataSource;
import io.jobline.JobTypes;
import io.jobline.cache.JobCache;
import io.jobline.cache.RedisJobCache;
import io.jobline.config.Config;
import io.jobline.mail.EmailJobType;
import io.jobline.metrics.JobMetrics;
import io.jobline.queue.JobQueue;
import io.jobline.queue.QueueMonitor;
import io.jobline.queue.SqsQueueMonitor;
import io.jobline.schedule.PostgresScheduleStore;
import io.jobline.schedule.ScheduleStore;
import io.jobline.webhook.AddressPolicy;
import io.jobline.webhook.CallbackSecrets;
import io.jobline.webhook.PostgresCallbackSecrets;
import io.jobline.webhook.WebhookJobType;
import io.jobline.queue.SqsJobQueue;
import io.jobline.store.Database;
import io.jobline.store.JobQueries;
import io.jobline.store.JobStore;
import io.jobline.store.PostgresJobQueries;
import io.jobline.store.PostgresJobStore;
import io.jobline.tenant.CachingTenantStore;
import io.jobline.tenant.PostgresTenantStore;
import io.jobline.tenant.TenantStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import io.jobline.ratelimit.RedisRateLimiter;
import io.jobline.ratelimit.RequestLimiter;
import redis.clients.jedis.RedisClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * What the API function works with. Built once per Lambda instance, at init. {@code dropConnections} closes the
 * network connections before a SnapStart snapshot. {@code healthChecks} are what {@code GET /health} asks.
 */
public record Dependencies(
        JobTypes jobTypes,
        JobStore store,
        JobQueue queue,
        JobCache cache,
        TenantStore tenants,
        ScheduleStore schedules,
        CallbackSecrets callbackSecrets,
        JobQueries queries,
        QueueMonitor queueMonitor,
        AddressPolicy webhookPolicy,
        Duration apiKeyCacheTtl,
        Clock clock,
        Runnable dropConnections,
        List<HealthCheck> healthChecks,
        Optional<String> adminKeySha256,
        RequestLimiter requestLimiter,
        JobMetrics metrics) {

    /** Without metrics. */
    public Dependencies(JobTypes jobTypes, JobStore store, JobQueue queue, JobCache cache, TenantStore tenants,
            ScheduleStore schedules, CallbackSecrets callbackSecrets, JobQueries queries, QueueMonitor queueMonitor,
            AddressPolicy webhookPolicy, Duration apiKeyCacheTtl, Clock clock, Runnable dropConnections,
            List<HealthCheck> healthChecks, Optional<String> adminKeySha256, RequestLimiter requestLimiter) {
        this(jobTypes, store, queue, cache, tenants, schedules, callbackSecrets, queries, queueMonitor, webhookPolicy,
                apiKeyCacheTtl, clock, dropConnections, healthChecks, adminKeySha256, requestLimiter,
                JobMetrics.NONE);
    }

    /** Without admin routes, without a request rate limit, without metrics. */
    public Dependencies(JobTypes jobTypes, JobStore store, JobQueue queue, JobCache cache, TenantStore tenants,
            ScheduleStore schedules, CallbackSecrets callbackSecrets, JobQueries queries, QueueMonitor queueMonitor,
            AddressPolicy webhookPolicy, Duration apiKeyCacheTtl, Clock clock, Runnable dropConnections,
            List<HealthCheck> healthChecks) {
        this(jobTypes, store, queue, cache, tenants, schedules, callbackSecrets, queries, queueMonitor, webhookPolicy,
                apiKeyCacheTtl, clock, dropConnections, healthChecks, Optional.empty(), RequestLimiter.NONE);
    }

    /** The job types clients may submit, with webhooks limited to the public internet. */
    public static JobTypes standardJobTypes() {
        return standardJobTypes(AddressPolicy.DEFAULT);
    }

    /** The job types clients may submit ({@code callback.deliver} is internal: never submitted by clients). */
    public static JobTypes standardJobTypes(AddressPolicy webhookPolicy) {
        return new JobTypes(List.of(new EmailJobType(), new WebhookJobType(webhookPolicy)));
    }

    /** PostgreSQL, Redis, and the normal queue (one {@code GetQueueAttributes}: enough to know SQS answers). */
    public static List<HealthCheck> standardHealthChecks(
            javax.sql.DataSource dataSource, RedisClient redis, SqsClient sqs, io.jobline.queue.QueueUrls queues) {
        return List.of(
                HealthCheck.database(dataSource),
                HealthCheck.cache(redis),
                HealthCheck.queue(new SqsQueueMonitor(sqs, java.util.Map.of("jobs", queues.normal()))));
    }

    /** The real thing: PostgreSQL, SQS and Redis as configured. */
    public static Dependencies fromConfig(Config config) {
        HikariDataSource dataSource = Database.connect(config.database(), "jobline-api");
        RedisClient redis = RedisJobCache.client(config);
        SqsClient sqs = SqsJobQueue.client(config);
        SqsQueueMonitor queueMonitor = SqsQueueMonitor.forQueues(sqs, config.queues());
        return new Dependencies(
                standardJobTypes(config.webhookPolicy()),
                new PostgresJobStore(dataSource),
                new SqsJobQueue(sqs, config.queues()),
                new RedisJobCache(redis, config.cacheTtl(), Database.clock()),
                // Key lookups: in this instance for the TTL (Authenticator), and in Redis for new instances.
                new CachingTenantStore(new PostgresTenantStore(dataSource), redis, config.apiKeyCacheTtl(),
                        Database.clock()),
                new PostgresScheduleStore(dataSource),
                new PostgresCallbackSecrets(dataSource),
                new PostgresJobQueries(dataSource),
                queueMonitor,
                config.webhookPolicy(),
                config.apiKeyCacheTtl(),
                Database.clock(),
                () -> {
                    dataSource.getHikariPoolMXBean().softEvictConnections();
                    redis.getPool().clear();
                },
                standardHealthChecks(dataSource, redis, sqs, config.queues()),
                config.adminKeySha256(),
                new RedisRateLimiter(redis, Database.clock()),
                JobMetrics.forService(config.metrics(), JobMetrics.API));
    }
}
