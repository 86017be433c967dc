package io.jobline.api;

import com.zaxxer.hikari.HikariDataSource;
import io.jobline.JobTypes;
import io.jobline.cache.JobCache;
import io.jobline.cache.RedisJobCache;
import io.jobline.config.Config;
import io.jobline.mail.EmailJobType;
import io.jobline.queue.JobQueue;
import io.jobline.schedule.PostgresScheduleStore;
import io.jobline.schedule.ScheduleStore;
import io.jobline.queue.SqsJobQueue;
import io.jobline.store.Database;
import io.jobline.store.JobStore;
import io.jobline.store.PostgresJobStore;
import io.jobline.tenant.PostgresTenantStore;
import io.jobline.tenant.TenantStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import redis.clients.jedis.RedisClient;

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
        Duration apiKeyCacheTtl,
        Clock clock,
        Runnable dropConnections) {

    public static JobTypes standardJobTypes() {
        return new JobTypes(List.of(new EmailJobType()));
    }

    /** The real thing: PostgreSQL, SQS and Redis as configured. */
    public static Dependencies fromConfig(Config config) {
        HikariDataSource dataSource = Database.connect(config.database(), "jobline-api");
        RedisClient redis = RedisJobCache.client(config);
        return new Dependencies(
                standardJobTypes(),
                new PostgresJobStore(dataSource),
                new SqsJobQueue(SqsJobQueue.client(config), config.queues()),
                new RedisJobCache(redis, config.cacheTtl(), Database.clock()),
                new PostgresTenantStore(dataSource),
                new PostgresScheduleStore(dataSource),
                config.apiKeyCacheTtl(),
                Database.clock(),
                () -> {
                    dataSource.getHikariPoolMXBean().softEvictConnections();
                    redis.getPool().clear();
                });
    }
}
