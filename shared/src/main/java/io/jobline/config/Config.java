package io.jobline.config;

import io.jobline.BackoffPolicy;
import io.jobline.queue.QueueUrls;
import io.jobline.ratelimit.Rate;
import io.jobline.webhook.AddressPolicy;
import java.net.URI;
import java.time.Duration;
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
        DatabaseConfig database,
        URI redisUrl,
        Duration cacheTtl,
        QueueUrls queues,
        String senderAddress,
        String awsRegion,
        Optional<URI> sqsEndpoint,
        Optional<URI> sesEndpoint,
        Duration jobLease,
        Duration apiKeyCacheTtl,
        Duration staleQueuedAfter,
        Duration succeededRetention,
        Duration failedRetention,
        Map<String, Rate> rateLimits,
        AddressPolicy webhookPolicy,
        Map<String, BackoffPolicy> retryBackoff,
        Map<String, Integer> concurrencyLimits,
        Optional<String> adminKeySha256,
        MetricsConfig metrics) {

    public static final String DATABASE_URL = DatabaseConfig.URL;
    public static final String DATABASE_USER = DatabaseConfig.USER;
    public static final String DATABASE_PASSWORD = DatabaseConfig.PASSWORD;
    public static final String DATABASE_SECRET_ARN = DatabaseConfig.SECRET_ARN;
    public static final String DATABASE_POOL_SIZE = DatabaseConfig.POOL_SIZE;
    public static final String DATABASE_CONNECT_TIMEOUT_MS = DatabaseConfig.CONNECT_TIMEOUT_MS;
    public static final String REDIS_URL = "JOBLINE_REDIS_URL";
    public static final String CACHE_TTL_SECONDS = "JOBLINE_CACHE_TTL_SECONDS";
    public static final String QUEUE_URL = "JOBLINE_QUEUE_URL";
    public static final String HIGH_PRIORITY_QUEUE_URL = "JOBLINE_HIGH_PRIORITY_QUEUE_URL";
    public static final String DEAD_LETTER_QUEUE_URL = "JOBLINE_DEAD_LETTER_QUEUE_URL";
    public static final String HIGH_PRIORITY_DEAD_LETTER_QUEUE_URL = "JOBLINE_HIGH_PRIORITY_DEAD_LETTER_QUEUE_URL";
    public static final String SENDER_ADDRESS = "JOBLINE_SENDER_ADDRESS";
    public static final String AWS_REGION = "AWS_REGION";
    public static final String AWS_ENDPOINT_URL = "AWS_ENDPOINT_URL";
    public static final String AWS_ENDPOINT_URL_SQS = "AWS_ENDPOINT_URL_SQS";
    public static final String AWS_ENDPOINT_URL_SESV2 = "AWS_ENDPOINT_URL_SESV2";
    public static final String JOB_LEASE_SECONDS = "JOBLINE_JOB_LEASE_SECONDS";
    public static final String API_KEY_CACHE_SECONDS = "JOBLINE_API_KEY_CACHE_SECONDS";
    public static final String STALE_QUEUED_SECONDS = "JOBLINE_STALE_QUEUED_SECONDS";
    public static final String SUCCEEDED_RETENTION_DAYS = "JOBLINE_SUCCEEDED_RETENTION_DAYS";
    public static final String FAILED_RETENTION_DAYS = "JOBLINE_FAILED_RETENTION_DAYS";
    /** Per job type, how fast jobs may start across all workers: {@code email.send=14/s,webhook.post=50/s}. */
    public static final String RATE_LIMITS = "JOBLINE_RATE_LIMITS";
    /** Per job type, the retry backoff's base and maximum in seconds: {@code email.send=2/900,webhook.post=5/3600}. */
    public static final String RETRY_BACKOFF = "JOBLINE_RETRY_BACKOFF";
    /** Per job type, how many may run at once across all workers: {@code webhook.post=20}. */
    public static final String CONCURRENCY_LIMITS = "JOBLINE_CONCURRENCY_LIMITS";
    /** Private networks webhooks and callbacks may reach (CIDRs); by default only the public internet. */
    public static final String WEBHOOK_ALLOW_PRIVATE_NETWORKS = AddressPolicy.ALLOW_PRIVATE_NETWORKS;
    /** Hex SHA-256 of the admin key that opens /admin/* routes; unset: those routes do not exist (404). */
    public static final String ADMIN_KEY_SHA256 = "JOBLINE_ADMIN_KEY_SHA256";
    /** Read by {@link LogLevel} before any logger exists, not by {@link #fromEnv}. */
    public static final String LOG_LEVEL = "JOBLINE_LOG_LEVEL";
    /** {@code json} (one object per line, the functions' default) or {@code text}; read by {@link LogLevel}. */
    public static final String LOG_FORMAT = "JOBLINE_LOG_FORMAT";
    public static final String METRICS = MetricsConfig.METRICS;
    public static final String METRICS_NAMESPACE = MetricsConfig.NAMESPACE;

    /**
     * The variables without a default: a deployment must set each of them ({@code JOBLINE_DATABASE_PASSWORD} may be
     * replaced by {@code JOBLINE_DATABASE_SECRET_ARN}).
     */
    public static final List<String> REQUIRED = List.of(
            DATABASE_URL, DATABASE_USER, DATABASE_PASSWORD, REDIS_URL, QUEUE_URL, HIGH_PRIORITY_QUEUE_URL,
            DEAD_LETTER_QUEUE_URL, HIGH_PRIORITY_DEAD_LETTER_QUEUE_URL, SENDER_ADDRESS, AWS_REGION);

    public static Config fromEnv(Map<String, String> env) {
        EnvReader reader = new EnvReader(env);
        Config config = new Config(
                DatabaseConfig.read(reader),
                reader.required(REDIS_URL, Config::redisUrl),
                reader.optional(CACHE_TTL_SECONDS, text -> Duration.ofSeconds(EnvReader.intIn(text, 1, 30 * 86_400)))
                        .orElse(Duration.ofHours(24)),
                new QueueUrls(
                        reader.required(QUEUE_URL, Config::httpUrl),
                        reader.required(HIGH_PRIORITY_QUEUE_URL, Config::httpUrl),
                        reader.required(DEAD_LETTER_QUEUE_URL, Config::httpUrl),
                        reader.required(HIGH_PRIORITY_DEAD_LETTER_QUEUE_URL, Config::httpUrl)),
                reader.required(SENDER_ADDRESS, Config::senderAddress),
                reader.required(AWS_REGION, Function.identity()),
                reader.optional(AWS_ENDPOINT_URL_SQS, EnvReader::httpUri)
                        .or(() -> reader.optional(AWS_ENDPOINT_URL, EnvReader::httpUri)),
                reader.optional(AWS_ENDPOINT_URL_SESV2, EnvReader::httpUri)
                        .or(() -> reader.optional(AWS_ENDPOINT_URL, EnvReader::httpUri)),
                reader.optional(JOB_LEASE_SECONDS, text -> Duration.ofSeconds(EnvReader.intIn(text, 10, 43_200)))
                        .orElse(Duration.ofSeconds(120)),
                reader.optional(API_KEY_CACHE_SECONDS, text -> Duration.ofSeconds(EnvReader.intIn(text, 0, 3600)))
                        .orElse(Duration.ofSeconds(30)),
                reader.optional(STALE_QUEUED_SECONDS, text -> Duration.ofSeconds(EnvReader.intIn(text, 60, 86_400)))
                        .orElse(Duration.ofMinutes(5)),
                reader.optional(SUCCEEDED_RETENTION_DAYS, text -> Duration.ofDays(EnvReader.intIn(text, 1, 3650)))
                        .orElse(Duration.ofDays(7)),
                reader.optional(FAILED_RETENTION_DAYS, text -> Duration.ofDays(EnvReader.intIn(text, 1, 3650)))
                        .orElse(Duration.ofDays(30)),
                reader.optional(RATE_LIMITS, EnvReader.perType("rate", Rate::parse)).orElse(Map.of()),
                reader.optional(WEBHOOK_ALLOW_PRIVATE_NETWORKS, AddressPolicy::parse).orElse(AddressPolicy.DEFAULT),
                reader.optional(RETRY_BACKOFF, EnvReader.perType("base/max", BackoffPolicy::parse)).orElse(Map.of()),
                reader.optional(CONCURRENCY_LIMITS,
                        EnvReader.perType("limit", limit -> EnvReader.intIn(limit, 1, 10_000))).orElse(Map.of()),
                reader.optional(ADMIN_KEY_SHA256, Config::sha256Hex),
                MetricsConfig.read(reader));
        reader.throwIfInvalid();
        return config;
    }

    /** Never prints the database password. */
    @Override
    public String toString() {
        return "Config[database=" + database + ", redisUrl=" + redactUserInfo(redisUrl)
                + ", cacheTtl=" + cacheTtl + ", queues=" + queues + ", senderAddress=" + senderAddress
                + ", awsRegion=" + awsRegion + ", sqsEndpoint=" + sqsEndpoint + ", sesEndpoint=" + sesEndpoint
                + ", jobLease=" + jobLease + ", apiKeyCacheTtl=" + apiKeyCacheTtl + ", staleQueuedAfter="
                + staleQueuedAfter + ", succeededRetention=" + succeededRetention + ", failedRetention="
                + failedRetention + ", rateLimits=" + rateLimits + ", webhookPolicy=" + webhookPolicy + ", retryBackoff=" + retryBackoff + ", concurrencyLimits=" + concurrencyLimits
                + ", adminKey=" + (adminKeySha256.isPresent() ? "configured" : "none") + ", metrics=" + metrics + "]";
    }

    private static String redactUserInfo(URI uri) {
        return uri.getUserInfo() == null ? uri.toString() : uri.toString().replace(uri.getRawUserInfo(), "***");
    }


    private static URI redisUrl(String text) {
        URI uri = URI.create(text);
        if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("must be redis://host:port or rediss://host:port (TLS)");
        }
        return uri;
    }

    private static String sha256Hex(String text) {
        String hex = text.strip().toLowerCase(java.util.Locale.ROOT);
        if (!hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("must be the SHA-256 of the admin key in hex (64 characters), e.g. "
                    + "the output of: printf %s \"$KEY\" | sha256sum");
        }
        return hex;
    }

    private static String httpUrl(String text) {
        return EnvReader.httpUri(text).toString();
    }


    private static String senderAddress(String text) {
        if (!text.contains("@") || text.contains("\r") || text.contains("\n")) {
            throw new IllegalArgumentException("must be an email address verified in SES");
        }
        return text;
    }

}
