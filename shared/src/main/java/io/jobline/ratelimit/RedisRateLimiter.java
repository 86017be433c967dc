package io.jobline.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * A token bucket in Redis (one Lua script, so concurrent workers cannot both take the last token). Tokens may go below
 * zero: each job over the limit reserves the next free slot and is told when it comes, so a backlog drains at the rate
 * with one extra delivery per job, instead of every job polling for tokens.
 *
 * <p>When Redis fails the limit is not enforced (logged, and retried after a pause): a throttled downstream then shows
 * up as retryable errors, which the jobs' retries absorb.
 */
public final class RedisRateLimiter implements RateLimiter, RequestLimiter {

    /** The furthest ahead a slot is reserved; beyond it the job asks again after this long. */
    static final Duration MAX_WAIT = Duration.ofMinutes(15);
    private static final Duration PAUSE_AFTER_FAILURE = Duration.ofSeconds(2);
    private static final Logger log = LoggerFactory.getLogger(RedisRateLimiter.class);

    // KEYS[1] the bucket, KEYS[2] this job's reservation (the ms its slot comes); ARGV: rate per second, burst, max
    // wait in ms. A job asking again before its slot (a duplicate message) is told the rest of its wait.
    private static final String SCRIPT = """
            local time = redis.call('TIME')
            local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
            local due = tonumber(redis.call('GET', KEYS[2]))
            if due then
              if now < due then
                return due - now
              end
              redis.call('DEL', KEYS[2])
              return 0
            end
            local rate = tonumber(ARGV[1])
            local burst = tonumber(ARGV[2])
            local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
            local tokens = tonumber(state[1]) or burst
            local ts = tonumber(state[2]) or now
            tokens = math.min(burst, tokens + (now - ts) * rate / 1000) - 1
            local wait = 0
            if tokens < 0 then
              wait = math.ceil(-tokens * 1000 / rate)
              if wait > tonumber(ARGV[3]) then
                return tonumber(ARGV[3])
              end
              redis.call('SET', KEYS[2], tostring(now + wait), 'PX', wait + 600000)
            end
            redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
            redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) * 1000 / rate) + 60000)
            return wait
            """;

    // A plain token bucket: KEYS[1] the bucket; ARGV: rate per second, burst. Returns 0 (token taken) or the ms until
    // the next token (nothing taken): a refused request does not push later ones back.
    private static final String TRY_ACQUIRE_SCRIPT = """
            local time = redis.call('TIME')
            local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
            local rate = tonumber(ARGV[1])
            local burst = tonumber(ARGV[2])
            local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
            local tokens = tonumber(state[1]) or burst
            local ts = tonumber(state[2]) or now
            tokens = math.min(burst, tokens + (now - ts) * rate / 1000)
            if tokens < 1 then
              return math.ceil((1 - tokens) * 1000 / rate)
            end
            tokens = tokens - 1
            redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
            redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) * 1000 / rate) + 1000)
            return 0
            """;

    private final UnifiedJedis redis;
    private final Clock clock;
    private volatile Instant pausedUntil = Instant.MIN;

    public RedisRateLimiter(UnifiedJedis redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    @Override
    public Duration reserve(String bucket, String jobId, Rate rate) {
        if (clock.instant().isBefore(pausedUntil)) {
            return Duration.ZERO;
        }
        try {
            Object wait = redis.eval(SCRIPT,
                    List.of("jobline:rate:" + bucket, "jobline:rate:" + bucket + ":reserved:" + jobId),
                    List.of(String.valueOf(rate.perSecond()), String.valueOf(rate.burst()),
                            String.valueOf(MAX_WAIT.toMillis())));
            return Duration.ofMillis(((Number) wait).longValue());
        } catch (RuntimeException e) {
            pausedUntil = clock.instant().plus(PAUSE_AFTER_FAILURE);
            log.warn("Redis failed while rate limiting {}; not limiting for {} s: {}", bucket,
                    PAUSE_AFTER_FAILURE.toSeconds(), e.toString());
            return Duration.ZERO;
        }
    }

    @Override
    public Duration tryAcquire(String bucket, Rate rate) {
        if (clock.instant().isBefore(pausedUntil)) {
            return Duration.ZERO;
        }
        try {
            Object wait = redis.eval(TRY_ACQUIRE_SCRIPT, List.of("jobline:requests:" + bucket),
                    List.of(String.valueOf(rate.perSecond()), String.valueOf(rate.burst())));
            return Duration.ofMillis(((Number) wait).longValue());
        } catch (RuntimeException e) {
            pausedUntil = clock.instant().plus(PAUSE_AFTER_FAILURE);
            log.warn("Redis failed while limiting requests of {}; not limiting for {} s: {}", bucket,
                    PAUSE_AFTER_FAILURE.toSeconds(), e.toString());
            return Duration.ZERO;
        }
    }
}
