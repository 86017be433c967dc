package io.jobline.local;

import io.jobline.config.Config;
import io.jobline.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How the local runner is set up, from the same environment variables the functions read. Each service whose variable
 * is set is used as it is; the others are embedded.
 */
public record LocalSettings(
        int port,
        int workers,
        Duration sweepInterval,
        boolean embeddedPostgres,
        boolean embeddedRedis,
        boolean embeddedSqs,
        boolean embeddedSes,
        Optional<String> devApiKey,
        Map<String, String> env,
        Clock clock) {

    /** The same settings on another clock: tests move time forward instead of sleeping. */
    public LocalSettings withClock(Clock otherClock) {
        return new LocalSettings(port, workers, sweepInterval, embeddedPostgres, embeddedRedis, embeddedSqs,
                embeddedSes, devApiKey, env, otherClock);
    }

    public static final String PORT = "JOBLINE_LOCAL_PORT";
    public static final String WORKERS = "JOBLINE_LOCAL_WORKERS";
    public static final String DEV_API_KEY = "JOBLINE_DEV_API_KEY";
    public static final String SWEEP_SECONDS = "JOBLINE_LOCAL_SWEEP_SECONDS";

    public static LocalSettings fromEnv(Map<String, String> env) {
        boolean externalSqs = isSet(env, Config.AWS_ENDPOINT_URL_SQS) || isSet(env, Config.AWS_ENDPOINT_URL);
        for (String queue : java.util.List.of(Config.QUEUE_URL, Config.HIGH_PRIORITY_QUEUE_URL,
                Config.DEAD_LETTER_QUEUE_URL, Config.HIGH_PRIORITY_DEAD_LETTER_QUEUE_URL)) {
            if (externalSqs && !isSet(env, queue)) {
                throw new IllegalArgumentException("An external SQS endpoint needs " + queue + " as well");
            }
        }
        String devKey = env.get(DEV_API_KEY);
        if (devKey != null && !devKey.startsWith("jl_")) {
            throw new IllegalArgumentException(DEV_API_KEY + " must start with jl_");
        }
        return new LocalSettings(
                intOr(env, PORT, 3000),
                intOr(env, WORKERS, 4),
                Duration.ofSeconds(intOr(env, SWEEP_SECONDS, 60)),
                !isSet(env, Config.DATABASE_URL),
                !isSet(env, Config.REDIS_URL),
                !externalSqs,
                !isSet(env, Config.AWS_ENDPOINT_URL_SESV2) && !isSet(env, Config.AWS_ENDPOINT_URL),
                Optional.ofNullable(devKey),
                Map.copyOf(env),
                Database.clock());
    }

    /** Everything embedded, on any free port: what the integration tests run. */
    public static LocalSettings forTests() {
        return fromEnv(Map.of(PORT, "0"));
    }

    /** The environment handed to the functions: the given variables plus the local defaults. */
    Map<String, String> functionEnv(Map<String, String> embeddedEndpoints) {
        Map<String, String> functionEnv = new HashMap<>();
        functionEnv.put(Config.AWS_REGION, "us-east-1");
        functionEnv.put(Config.SENDER_ADDRESS, "jobline@example.com");
        functionEnv.put(Config.DATABASE_POOL_SIZE, "16");
        // A lost worker's jobs come back within a minute locally; the queue's visibility timeout is above it.
        functionEnv.put(Config.JOB_LEASE_SECONDS, "60");
        // Webhooks and callbacks to services on this machine are the point of local development.
        functionEnv.put(Config.WEBHOOK_ALLOW_PRIVATE_NETWORKS, "127.0.0.0/8,::1/128");
        // EMF lines would drown the console; JOBLINE_METRICS=emf shows what the functions write on AWS.
        functionEnv.put(Config.METRICS, "off");
        for (Map.Entry<String, String> variable : env.entrySet()) {
            if (variable.getKey().startsWith("JOBLINE_") || variable.getKey().startsWith("AWS_")) {
                functionEnv.put(variable.getKey(), variable.getValue());
            }
        }
        functionEnv.putAll(embeddedEndpoints);
        return functionEnv;
    }

    private static boolean isSet(Map<String, String> env, String name) {
        return env.get(name) != null && !env.get(name).isBlank();
    }

    private static int intOr(Map<String, String> env, String name, int defaultValue) {
        String text = env.get(name);
        if (text == null || text.isBlank()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, got " + text);
        }
    }
}
