package io.jobline.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * Places held in a Redis sorted set, scored by when each holder's lease ends: expired holders are dropped before
 * counting, so a killed worker's place frees itself. One Lua script, so two workers cannot take the last place.
 * When Redis fails the limit is not enforced (logged, retried after a pause).
 */
public final class RedisConcurrencyLimiter implements ConcurrencyLimiter {

    private static final Duration PAUSE_AFTER_FAILURE = Duration.ofSeconds(2);
    private static final Logger log = LoggerFactory.getLogger(RedisConcurrencyLimiter.class);

    // KEYS[1] the set; ARGV: job id, limit, lease in ms.
    private static final String ACQUIRE = """
            local time = redis.call('TIME')
            local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
            if redis.call('ZSCORE', KEYS[1], ARGV[1]) or redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
              redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
              redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]) + 60000)
              return 1
            end
            return 0
            """;

    private final UnifiedJedis redis;
    private final Clock clock;
    private volatile Instant pausedUntil = Instant.MIN;

    public RedisConcurrencyLimiter(UnifiedJedis redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    @Override
    public boolean tryAcquire(String bucket, String jobId, int limit, Duration lease) {
        if (clock.instant().isBefore(pausedUntil)) {
            return true;
        }
        try {
            Object acquired = redis.eval(ACQUIRE, List.of(key(bucket)),
                    List.of(jobId, String.valueOf(limit), String.valueOf(lease.toMillis())));
            return ((Number) acquired).longValue() == 1;
        } catch (RuntimeException e) {
            failed(bucket, e);
            return true;
        }
    }

    @Override
    public void release(String bucket, String jobId) {
        if (clock.instant().isBefore(pausedUntil)) {
            return;
        }
        try {
            redis.zrem(key(bucket), jobId);
        } catch (RuntimeException e) {
            // The place frees itself when its lease ends.
            failed(bucket, e);
        }
    }

    private void failed(String bucket, RuntimeException e) {
        pausedUntil = clock.instant().plus(PAUSE_AFTER_FAILURE);
        log.warn("Redis failed while limiting the concurrency of {}; not limiting for {} s: {}", bucket,
                PAUSE_AFTER_FAILURE.toSeconds(), e.toString());
    }

    private static String key(String bucket) {
        return "jobline:running:" + bucket;
    }
}
