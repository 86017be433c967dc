package io.jobline.config;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Everything a Jobline function is configured with, read from environment variables once at start.
 * {@link #fromEnv(Map)} checks every variable and names each one that is missing or wrong in a single message.
 * Nothing else in Jobline reads the environment.
 */
public record Config(
        String databaseUrl,
        String databaseUser,
        String databasePassword,
        int databasePoolSize,
        Duration databaseConnectTimeout,
        URI redisUrl,
        Duration cacheTtl,
        String queueUrl,
        String senderAddress,
        String awsRegion,
        Optional<URI> sqsEndpoint,
        Optional<URI> sesEndpoint,
        Duration jobLease,
        Duration apiKeyCacheTtl) {

    public static final String DATABASE_URL = "JOBLINE_DATABASE_URL";
    public static final String DATABASE_USER = "JOBLINE_DATABASE_USER";
    public static final String DATABASE_PASSWORD = "JOBLINE_DATABASE_PASSWORD";
    public static final String DATABASE_POOL_SIZE = "JOBLINE_DATABASE_POOL_SIZE";
    public static final String DATABASE_CONNECT_TIMEOUT_MS = "JOBLINE_DATABASE_CONNECT_TIMEOUT_MS";
    public static final String REDIS_URL = "JOBLINE_REDIS_URL";
    public static final String CACHE_TTL_SECONDS = "JOBLINE_CACHE_TTL_SECONDS";
    public static final String QUEUE_URL = "JOBLINE_QUEUE_URL";
    public static final String SENDER_ADDRESS = "JOBLINE_SENDER_ADDRESS";
    public static final String AWS_REGION = "AWS_REGION";
    public static final String AWS_ENDPOINT_URL = "AWS_ENDPOINT_URL";
    public static final String AWS_ENDPOINT_URL_SQS = "AWS_ENDPOINT_URL_SQS";
    public static final String AWS_ENDPOINT_URL_SESV2 = "AWS_ENDPOINT_URL_SESV2";
    public static final String JOB_LEASE_SECONDS = "JOBLINE_JOB_LEASE_SECONDS";
    public static final String API_KEY_CACHE_SECONDS = "JOBLINE_API_KEY_CACHE_SECONDS";

    /** The variables without a default: a deployment must set each of them. */
    public static final List<String> REQUIRED = List.of(
            DATABASE_URL, DATABASE_USER, DATABASE_PASSWORD, REDIS_URL, QUEUE_URL, SENDER_ADDRESS, AWS_REGION);

    public static Config fromEnv(Map<String, String> env) {
        Reader reader = new Reader(env);
        Config config = new Config(
                reader.required(DATABASE_URL, Config::jdbcUrl),
                reader.required(DATABASE_USER, Function.identity()),
                reader.requiredAllowEmpty(DATABASE_PASSWORD),
                reader.optional(DATABASE_POOL_SIZE, text -> intIn(text, 1, 200)).orElse(2),
                reader.optional(DATABASE_CONNECT_TIMEOUT_MS, text -> Duration.ofMillis(intIn(text, 250, 60_000)))
                        .orElse(Duration.ofSeconds(3)),
                reader.required(REDIS_URL, Config::redisUrl),
                reader.optional(CACHE_TTL_SECONDS, text -> Duration.ofSeconds(intIn(text, 1, 30 * 86_400)))
                        .orElse(Duration.ofHours(24)),
                reader.required(QUEUE_URL, Config::httpUrl),
                reader.required(SENDER_ADDRESS, Config::senderAddress),
                reader.required(AWS_REGION, Function.identity()),
                reader.optional(AWS_ENDPOINT_URL_SQS, Config::httpUri)
                        .or(() -> reader.optional(AWS_ENDPOINT_URL, Config::httpUri)),
                reader.optional(AWS_ENDPOINT_URL_SESV2, Config::httpUri)
                        .or(() -> reader.optional(AWS_ENDPOINT_URL, Config::httpUri)),
                reader.optional(JOB_LEASE_SECONDS, text -> Duration.ofSeconds(intIn(text, 10, 43_200)))
                        .orElse(Duration.ofSeconds(120)),
                reader.optional(API_KEY_CACHE_SECONDS, text -> Duration.ofSeconds(intIn(text, 0, 3600)))
                        .orElse(Duration.ofSeconds(30)));
        reader.throwIfInvalid();
        return config;
    }

    /** Never prints the database password. */
    @Override
    public String toString() {
        return "Config[databaseUrl=" + databaseUrl + ", databaseUser=" + databaseUser + ", databasePassword=***"
                + ", databasePoolSize=" + databasePoolSize + ", redisUrl=" + redactUserInfo(redisUrl)
                + ", cacheTtl=" + cacheTtl + ", queueUrl=" + queueUrl + ", senderAddress=" + senderAddress
                + ", awsRegion=" + awsRegion + ", sqsEndpoint=" + sqsEndpoint + ", sesEndpoint=" + sesEndpoint
                + ", jobLease=" + jobLease + ", apiKeyCacheTtl=" + apiKeyCacheTtl + "]";
    }

    private static String redactUserInfo(URI uri) {
        return uri.getUserInfo() == null ? uri.toString() : uri.toString().replace(uri.getRawUserInfo(), "***");
    }

    private static String jdbcUrl(String text) {
        if (!text.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db)");
        }
        return text;
    }

    private static URI redisUrl(String text) {
        URI uri = URI.create(text);
        if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("must be redis://host:port or rediss://host:port (TLS)");
        }
        return uri;
    }

    private static String httpUrl(String text) {
        return httpUri(text).toString();
    }

    private static URI httpUri(String text) {
        URI uri = URI.create(text);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("must be an http(s) URL");
        }
        return uri;
    }

    private static String senderAddress(String text) {
        if (!text.contains("@") || text.contains("\r") || text.contains("\n")) {
            throw new IllegalArgumentException("must be an email address verified in SES");
        }
        return text;
    }

    private static int intIn(String text, int min, int max) {
        int value;
        try {
            value = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be an integer");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException("must be from " + min + " to " + max);
        }
        return value;
    }

    private static final class Reader {
        private final Map<String, String> env;
        private final List<String> problems = new ArrayList<>();

        Reader(Map<String, String> env) {
            this.env = env;
        }

        <T> T required(String name, Function<String, T> parse) {
            String text = env.get(name);
            if (text == null || text.isBlank()) {
                problems.add(name + " is required but not set");
                return null;
            }
            return parse(name, text, parse);
        }

        String requiredAllowEmpty(String name) {
            String text = env.get(name);
            if (text == null) {
                problems.add(name + " is required but not set");
            }
            return text;
        }

        <T> Optional<T> optional(String name, Function<String, T> parse) {
            String text = env.get(name);
            if (text == null || text.isBlank()) {
                return Optional.empty();
            }
            return Optional.ofNullable(parse(name, text, parse));
        }

        private <T> T parse(String name, String text, Function<String, T> parse) {
            try {
                return parse.apply(text.strip());
            } catch (IllegalArgumentException e) {
                problems.add(name + " " + e.getMessage());
                return null;
            }
        }

        void throwIfInvalid() {
            if (!problems.isEmpty()) {
                throw new ConfigException(problems);
            }
        }
    }
}
