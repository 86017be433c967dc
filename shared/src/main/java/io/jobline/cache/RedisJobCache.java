package io.jobline.cache;

import io.jobline.Job;
import io.jobline.JobId;
import io.jobline.config.Config;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * Job snapshots in Redis (ElastiCache on AWS) under {@code jobline:job:<id>} with a TTL.
 *
 * <p>When Redis fails, the cache stays out of the way for {@link #PAUSE_AFTER_FAILURE} instead of making every request
 * wait for another timeout; then it tries again by itself.
 */
public final class RedisJobCache implements JobCache, AutoCloseable {

    static final Duration PAUSE_AFTER_FAILURE = Duration.ofSeconds(2);
    private static final Logger log = LoggerFactory.getLogger(RedisJobCache.class);

    private final UnifiedJedis redis;
    private final Duration ttl;
    private final Clock clock;
    private volatile Instant pausedUntil = Instant.MIN;

    public RedisJobCache(UnifiedJedis redis, Duration ttl, Clock clock) {
        this.redis = redis;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** A pooled client with short timeouts: a slow cache must cost a request milliseconds, not seconds. */
    public static RedisClient client(Config config) {
        URI url = config.redisUrl();
        var clientConfig = DefaultJedisClientConfig.builder()
                .ssl("rediss".equals(url.getScheme()))
                .connectionTimeoutMillis(300)
                .socketTimeoutMillis(300);
        if (url.getUserInfo() != null) {
            String[] userAndPassword = url.getUserInfo().split(":", 2);
            if (userAndPassword.length == 2) {
                clientConfig.user(userAndPassword[0].isEmpty() ? null : userAndPassword[0]);
                clientConfig.password(userAndPassword[1]);
            } else {
                clientConfig.password(userAndPassword[0]);
            }
        }
        int port = url.getPort() == -1 ? 6379 : url.getPort();
        // No JMX registration: it starts the JVM's monitoring subsystem, 100-200 ms of a cold start for nothing.
        var pool = new org.apache.commons.pool2.impl.GenericObjectPoolConfig<redis.clients.jedis.Connection>();
        pool.setJmxEnabled(false);
        pool.setMaxTotal(8);
        return RedisClient.builder()
                .hostAndPort(new HostAndPort(url.getHost(), port))
                .clientConfig(clientConfig.build())
                .poolConfig(pool)
                .build();
    }

    @Override
    public void put(Job finishedJob) {
        if (!finishedJob.isFinished() || paused()) {
            return;
        }
        try {
            redis.setex(key(finishedJob.id()), ttl.toSeconds(), JobSnapshot.write(finishedJob));
        } catch (RuntimeException e) {
            failed("caching job " + finishedJob.id(), e);
        }
    }

    @Override
    public Optional<Job> get(JobId id) {
        if (paused()) {
            return Optional.empty();
        }
        try {
            String snapshot = redis.get(key(id));
            return snapshot == null ? Optional.empty() : Optional.of(JobSnapshot.read(snapshot));
        } catch (java.io.IOException | RuntimeException e) {
            failed("reading job " + id, e);
            return Optional.empty();
        }
    }

    @Override
    public void evict(JobId id) {
        if (paused()) {
            return;
        }
        try {
            redis.del(key(id));
        } catch (RuntimeException e) {
            failed("evicting job " + id, e);
        }
    }

    @Override
    public void close() {
        redis.close();
    }

    private boolean paused() {
        return clock.instant().isBefore(pausedUntil);
    }

    private void failed(String doing, Exception e) {
        pausedUntil = clock.instant().plus(PAUSE_AFTER_FAILURE);
        log.warn("Redis failed while {}; answering from the database for {} s: {}",
                doing, PAUSE_AFTER_FAILURE.toSeconds(), e.toString());
    }

    private static String key(JobId id) {
        return "jobline:job:" + id;
    }
}
