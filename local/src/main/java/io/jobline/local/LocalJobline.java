package io.jobline.local;

import com.zaxxer.hikari.HikariDataSource;
import io.jobline.TenantId;
import io.jobline.api.ApiHandler;
import io.jobline.cache.JobCache;
import io.jobline.cache.RedisJobCache;
import io.jobline.config.Config;
import io.jobline.config.LogLevel;
import io.jobline.logging.LogFormat;
import io.jobline.logging.LogSettings;
import io.jobline.mail.SesMailer;
import io.jobline.metrics.JobMetrics;
import io.jobline.queue.JobQueue;
import io.jobline.queue.QueueUrls;
import io.jobline.queue.SqsQueueMonitor;
import io.jobline.store.PostgresJobQueries;
import io.jobline.ratelimit.RedisConcurrencyLimiter;
import io.jobline.ratelimit.RedisRateLimiter;
import io.jobline.schedule.PostgresScheduleStore;
import io.jobline.webhook.PostgresCallbackSecrets;
import io.jobline.queue.SqsJobQueue;
import io.jobline.store.Database;
import io.jobline.store.JobStore;
import io.jobline.store.PostgresJobStore;
import io.jobline.tenant.ApiKey;
import io.jobline.tenant.CachingTenantStore;
import io.jobline.tenant.PostgresTenantStore;
import io.jobline.tenant.TenantStore;
import io.jobline.worker.Sweep;
import io.jobline.worker.SweepHandler;
import io.jobline.worker.WorkerHandler;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Jobline on one machine: the real API and worker Lambda handlers, served over HTTP and fed from the queue the way
 * API Gateway and Lambda's SQS event source mapping do, against embedded or configured PostgreSQL, Redis, SQS and SES.
 */
public final class LocalJobline implements AutoCloseable {

    public static final String QUEUE_NAME = "jobline-jobs";
    public static final String HIGH_PRIORITY_QUEUE_NAME = QUEUE_NAME + "-high";
    /** Above the local job lease (60 s), so a message comes back only once its job may be taken over. */
    static final int VISIBILITY_TIMEOUT_SECONDS = 90;
    /** Above the highest maxAttempts (20), with room for deliveries that find their job busy or not yet due. */
    static final int MAX_RECEIVE_COUNT = 30;

    private static final Logger log = LoggerFactory.getLogger(LocalJobline.class);

    private final List<AutoCloseable> resources;
    private final EmbeddedServices services;
    private final SesStandIn ses;
    private final Config config;
    private final DataSource dataSource;
    private final SqsClient sqs;
    private final ApiGatewayHttpServer http;
    private final SqsEventSourcePoller poller;
    private final ApiKey devApiKey;
    private final SweepHandler sweep;

    private LocalJobline(List<AutoCloseable> resources, EmbeddedServices services, SesStandIn ses, Config config,
            DataSource dataSource, SqsClient sqs, ApiGatewayHttpServer http, SqsEventSourcePoller poller,
            ApiKey devApiKey, SweepHandler sweep) {
        this.sweep = sweep;
        this.resources = resources;
        this.services = services;
        this.ses = ses;
        this.config = config;
        this.dataSource = dataSource;
        this.sqs = sqs;
        this.http = http;
        this.poller = poller;
        this.devApiKey = devApiKey;
    }

    public static void main(String[] args) throws InterruptedException {
        long started = System.nanoTime();
        LocalJobline jobline = start(LocalSettings.fromEnv(System.getenv()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            jobline.close();
            stopped.countDown();
        }, "jobline-shutdown"));
        System.out.println(jobline.banner(Duration.ofNanos(System.nanoTime() - started)));
        stopped.await();
    }

    /** Starts everything; on failure, stops what had started and rethrows. */
    public static LocalJobline start(LocalSettings settings) {
        // The JDK's HTTP server leaves Nagle's algorithm on: small keep-alive responses then wait for the client's
        // delayed ACK (40 ms on Linux). Must be set before the first server starts.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        // A person reads this console: text lines, unless JOBLINE_LOG_FORMAT (or -Djobline.log.format) says json.
        LogSettings.useFormat(LogFormat.TEXT);
        LogLevel.applyFromEnv(settings.env());
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            EnumSet<EmbeddedServices.Service> wanted = EnumSet.noneOf(EmbeddedServices.Service.class);
            if (settings.embeddedPostgres()) {
                wanted.add(EmbeddedServices.Service.POSTGRES);
            }
            if (settings.embeddedRedis()) {
                wanted.add(EmbeddedServices.Service.REDIS);
            }
            if (settings.embeddedSqs()) {
                wanted.add(EmbeddedServices.Service.SQS);
            }
            EmbeddedServices services = EmbeddedServices.start(wanted);
            resources.add(services);
            SesStandIn ses = settings.embeddedSes() ? SesStandIn.start() : null;
            if (ses != null) {
                resources.add(ses);
            }
            useLocalCredentialsUnlessConfigured(settings.env());

            Map<String, String> endpoints = new HashMap<>();
            if (services.postgres() != null) {
                endpoints.put(Config.DATABASE_URL, services.postgres().jdbcUrl());
                endpoints.put(Config.DATABASE_USER, services.postgres().user());
                endpoints.put(Config.DATABASE_PASSWORD, services.postgres().password());
            }
            if (services.redis() != null) {
                endpoints.put(Config.REDIS_URL, services.redis().uri().toString());
            }
            if (ses != null) {
                endpoints.put(Config.AWS_ENDPOINT_URL_SESV2, ses.endpoint().toString());
            }
            SqsClient sqs = null;
            if (services.sqs() != null) {
                endpoints.put(Config.AWS_ENDPOINT_URL_SQS, services.sqs().endpoint().toString());
                Config bootstrap = Config.fromEnv(withPlaceholderQueue(settings.functionEnv(endpoints)));
                sqs = SqsJobQueue.client(bootstrap);
                QueueUrls queues = createQueues(sqs);
                endpoints.put(Config.QUEUE_URL, queues.normal());
                endpoints.put(Config.HIGH_PRIORITY_QUEUE_URL, queues.high());
                endpoints.put(Config.DEAD_LETTER_QUEUE_URL, queues.normalDeadLetter());
                endpoints.put(Config.HIGH_PRIORITY_DEAD_LETTER_QUEUE_URL, queues.highDeadLetter());
            }
            Config config = Config.fromEnv(settings.functionEnv(endpoints));
            if (sqs == null) {
                sqs = SqsJobQueue.client(config);
            }
            resources.add(sqs);

            // One pool and one client of each kind, shared by both handlers: on Lambda each function has its own.
            HikariDataSource pool = Database.connect(config.database(), "jobline-local");
            resources.add(pool);
            Database.migrate(pool);
            ApiKey devApiKey = devTenantKey(new PostgresTenantStore(pool), settings.devApiKey());
            RedisClient redis = RedisJobCache.client(config);
            resources.add(redis);
            JobStore store = new PostgresJobStore(pool);
            JobQueue queue = new SqsJobQueue(sqs, config.queues());
            JobCache cache = new RedisJobCache(redis, config.cacheTtl(), settings.clock());
            ApiHandler api = new ApiHandler(new io.jobline.api.Dependencies(
                    io.jobline.api.Dependencies.standardJobTypes(config.webhookPolicy()), store, queue, cache,
                    new CachingTenantStore(new PostgresTenantStore(pool), redis, config.apiKeyCacheTtl(),
                            settings.clock()),
                    new PostgresScheduleStore(pool), new PostgresCallbackSecrets(pool),
                    new PostgresJobQueries(pool), SqsQueueMonitor.forQueues(sqs, config.queues()),
                    config.webhookPolicy(), config.apiKeyCacheTtl(),
                    settings.clock(), () -> {},
                    io.jobline.api.Dependencies.standardHealthChecks(pool, redis, sqs, config.queues()),
                    config.adminKeySha256(), new RedisRateLimiter(redis, settings.clock()),
                    JobMetrics.forService(config.metrics(), JobMetrics.API)));
            SesV2Client sesClient = SesMailer.client(config);
            resources.add(sesClient);
            io.jobline.worker.Dependencies workerDeps = new io.jobline.worker.Dependencies(
                    store, queue, cache,
                    io.jobline.worker.Dependencies.runners(new SesMailer(sesClient), config.senderAddress(),
                            config.webhookPolicy(), new PostgresCallbackSecrets(pool), settings.clock()),
                    config.jobLease(), settings.clock(), () -> {},
                    io.jobline.worker.Dependencies.schedulesOf(new PostgresScheduleStore(pool)),
                    io.jobline.worker.Dependencies.onFinished(store, queue, settings.clock()),
                    new RedisRateLimiter(redis, settings.clock()),
                    config.rateLimits(),
                    config.retryBackoff(),
                    new RedisConcurrencyLimiter(redis, settings.clock()),
                    config.concurrencyLimits(),
                    JobMetrics.forService(config.metrics(), JobMetrics.WORKER));
            WorkerHandler worker = new WorkerHandler(workerDeps);
            SweepHandler sweep = new SweepHandler(workerDeps, SweepHandler.settings(config));
            ApiGatewayHttpServer http = ApiGatewayHttpServer.builder(api)
                    .port(settings.port())
                    .functionName("jobline-api")
                    .start();
            resources.add(http);
            if (ses != null) {
                http.addRoute("GET", "/_local/mail", request -> LocalRoute.Response.ok(ses.mailAsJson()));
            }
            // No pollers at all with 0 workers: an API (and sweep) only, while workers run elsewhere.
            SqsEventSourcePoller poller = settings.workers() == 0 ? null
                    : SqsEventSourcePoller.builder(sqs, config.queues().normal(), worker)
                            .drainFirst(List.of(config.queues().high()))
                            .concurrency(settings.workers())
                            .functionName("jobline-worker")
                            .start();
            if (poller != null) {
                resources.add(poller);
            }
            // EventBridge runs the sweep every minute on AWS; here a timer does.
            ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().daemon().name("jobline-sweep").factory());
            sweeper.scheduleWithFixedDelay(() -> runSweep(sweep), settings.sweepInterval().toMillis(),
                    settings.sweepInterval().toMillis(), TimeUnit.MILLISECONDS);
            resources.add(sweeper::shutdownNow);
            return new LocalJobline(resources, services, ses, config, pool, sqs, http, poller, devApiKey, sweep);
        } catch (RuntimeException e) {
            closeAll(resources);
            throw e;
        }
    }

    public URI url() {
        return http.url();
    }

    public ApiKey devApiKey() {
        return devApiKey;
    }

    public Config config() {
        return config;
    }

    /** The database, for tests and tools; the functions use their own pools. */
    public DataSource dataSource() {
        return dataSource;
    }

    public SqsClient sqs() {
        return sqs;
    }

    /** The SES stand-in, when SES is embedded. */
    public Optional<SesStandIn> ses() {
        return Optional.ofNullable(ses);
    }

    /** The embedded Redis, when Redis is embedded (tests stop and restart it). */
    public Optional<LocalRedis> redis() {
        return Optional.ofNullable(services.redis());
    }

    /** The queue poller feeding the worker; null when started with 0 workers. */
    public SqsEventSourcePoller poller() {
        return poller;
    }

    private static void runSweep(SweepHandler sweep) {
        try {
            sweep.handleRequest(Map.of(), null);
        } catch (RuntimeException e) {
            log.error("Sweep failed", e);
        }
    }

    /** Runs the sweep now, as the timer (or EventBridge on AWS) would. */
    public Sweep.Report sweepNow() {
        return sweep.runNow();
    }

    /** Issues a key for a tenant, creating the tenant if it does not exist. */
    public ApiKey issueKey(String tenantName) {
        TenantStore tenants = new PostgresTenantStore(dataSource);
        TenantId tenant = tenants.findTenantByName(tenantName).orElseGet(() -> createUnthrottled(tenants, tenantName));
        ApiKey key = ApiKey.generate();
        tenants.addApiKey(tenant, key, "issued by the local runner");
        return key;
    }

    @Override
    public void close() {
        closeAll(resources);
    }

    String banner(Duration startup) {
        String url = url().toString().replaceAll("/$", "");
        return """

                Jobline is running locally (started in %.1f s)
                  API            %s
                  Dashboard      %s/dashboard/   (sign in with the key below)
                  API key        %s   (development tenant "dev")
                  Mail captured  %s
                Try it:
                  curl -s -X POST %s/jobs -H 'Authorization: Bearer %s' -H 'Content-Type: application/json' \\
                    -d '{"type":"email.send","payload":{"to":["ada@example.com"],"subject":"Hello","text":"Hi from Jobline"}}'
                Ctrl-C stops everything.
                """.formatted(startup.toMillis() / 1000.0, url, url, devApiKey.secret(),
                ses == null ? "(external SES)" : url + "/_local/mail", url, devApiKey.secret());
    }

    private static ApiKey devTenantKey(TenantStore tenants, Optional<String> configuredKey) {
        TenantId dev = tenants.findTenantByName("dev").orElseGet(() -> createUnthrottled(tenants, "dev"));
        if (configuredKey.isPresent()) {
            ApiKey key = new ApiKey(configuredKey.get());
            if (tenants.findTenantByKeyHash(key.hash()).isEmpty()) {
                tenants.addApiKey(dev, key, "JOBLINE_DEV_API_KEY");
            }
            return key;
        }
        ApiKey key = ApiKey.generate();
        tenants.addApiKey(dev, key, "local runner start");
        return key;
    }

    /**
     * The local runner's own tenants (dev, and those of {@link #issueKey}) take requests as fast as they come, so load
     * and fuzz runs measure Jobline, not the default request quota; tenants made with the admin command have defaults.
     */
    private static TenantId createUnthrottled(TenantStore tenants, String name) {
        TenantId tenant = tenants.createTenant(name);
        tenants.setQuotas(tenant, io.jobline.tenant.TenantQuotas.DEFAULT
                .withRequestsPerSecond(io.jobline.tenant.TenantQuotas.MAX_REQUESTS_PER_SECOND)
                .withBurst(io.jobline.tenant.TenantQuotas.MAX_BURST));
        return tenant;
    }

    /** A queue per priority, each with its dead-letter queue and the redrive policy Lambda deployments use. */
    public static QueueUrls createQueues(SqsClient sqs) {
        return createQueues(sqs, QUEUE_NAME, VISIBILITY_TIMEOUT_SECONDS);
    }

    /**
     * As {@link #createQueues(SqsClient)}, named {@code name}, {@code name-high} and each with {@code -dlq}, and with
     * this visibility timeout (tests with a short lease want a short one).
     */
    public static QueueUrls createQueues(SqsClient sqs, String name, int visibilityTimeoutSeconds) {
        String[] normal = createQueue(sqs, name, visibilityTimeoutSeconds);
        String[] high = createQueue(sqs, name + "-high", visibilityTimeoutSeconds);
        return new QueueUrls(normal[0], high[0], normal[1], high[1]);
    }

    /** @return the queue's URL and its dead-letter queue's URL */
    private static String[] createQueue(SqsClient sqs, String name, int visibilityTimeoutSeconds) {
        String deadLetterUrl = sqs.createQueue(create -> create.queueName(name + "-dlq")
                        .attributes(Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "1209600")))
                .queueUrl();
        String deadLetterArn = sqs.getQueueAttributes(get -> get.queueUrl(deadLetterUrl)
                        .attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        String redrivePolicy = "{\"deadLetterTargetArn\":\"" + deadLetterArn + "\",\"maxReceiveCount\":\""
                + MAX_RECEIVE_COUNT + "\"}";
        String queueUrl = sqs.createQueue(create -> create.queueName(name)
                        .attributes(Map.of(
                                QueueAttributeName.VISIBILITY_TIMEOUT, String.valueOf(visibilityTimeoutSeconds),
                                QueueAttributeName.REDRIVE_POLICY, redrivePolicy)))
                .queueUrl();
        return new String[] {queueUrl, deadLetterUrl};
    }

    /** The SDK signs every request; local stand-ins accept any credentials, so supply some when none are set. */
    private static void useLocalCredentialsUnlessConfigured(Map<String, String> env) {
        if (env.get("AWS_ACCESS_KEY_ID") == null && env.get("AWS_PROFILE") == null
                && System.getProperty("aws.accessKeyId") == null) {
            System.setProperty("aws.accessKeyId", "local");
            System.setProperty("aws.secretAccessKey", "local");
        }
    }

    private static Map<String, String> withPlaceholderQueue(Map<String, String> env) {
        Map<String, String> copy = new HashMap<>(env);
        for (String name : List.of(Config.QUEUE_URL, Config.HIGH_PRIORITY_QUEUE_URL, Config.DEAD_LETTER_QUEUE_URL,
                Config.HIGH_PRIORITY_DEAD_LETTER_QUEUE_URL)) {
            copy.putIfAbsent(name, "http://127.0.0.1/queue-not-created-yet");
        }
        return copy;
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                log.warn("Could not close {}: {}", resources.get(i).getClass().getSimpleName(), e.toString());
            }
        }
        resources.clear();
    }
}
