package io.jobline.api;

import com.zaxxer.hikari.HikariDataSource;
import io.jobline.JobTypes;
import io.jobline.cache.JobCache;
import io.jobline.cache.RedisJobCache;
import io.jobline.config.Config;
import io.jobline.mail.EmailJobType;
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
import io.jobline.tenant.PostgresTenantStore;
import io.jobline.tenant.TenantStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import redis.clients.jedis.RedisClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * What the API function works with. Built once per Lambda instance, at init. {@code dropConnections} closes the
 * network connections before a SnapStart snapshot.
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
        Runnable dropConnections) {

    /** The job types clients may submit, with webhooks limited to the public internet. */
    public static JobTypes standardJobTypes() {
        return standardJobTypes(AddressPolicy.DEFAULT);
    }

    /** The job types clients may submit ({@code callback.deliver} is internal: never submitted by clients). */
    public static JobTypes standardJobTypes(AddressPolicy webhookPolicy) {
        return new JobTypes(List.of(new EmailJobType(), new WebhookJobType(webhookPolicy)));
    }

    /** The real thing: PostgreSQL, SQS and Redis as configured. */
    public static Dependencies fromConfig(Config config) {
        HikariDataSource dataSource = Database.connect(config.database(), "jobline-api");
        RedisClient redis = RedisJobCache.client(config);
        SqsClient sqs = SqsJobQueue.client(config);
        return new Dependencies(
                standardJobTypes(config.webhookPolicy()),
                new PostgresJobStore(dataSource),
                new SqsJobQueue(sqs, config.queues()),
                new RedisJobCache(redis, config.cacheTtl(), Database.clock()),
                new PostgresTenantStore(dataSource),
                new PostgresScheduleStore(dataSource),
                new PostgresCallbackSecrets(dataSource),
                new PostgresJobQueries(dataSource),
                SqsQueueMonitor.forQueues(sqs, config.queues()),
                config.webhookPolicy(),
                config.apiKeyCacheTtl(),
                Database.clock(),
                () -> {
                    dataSource.getHikariPoolMXBean().softEvictConnections();
                    redis.getPool().clear();
                });
    }
}
