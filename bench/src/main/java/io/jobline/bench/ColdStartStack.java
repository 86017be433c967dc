package io.jobline.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.jobline.Job;
import io.jobline.JobId;
import io.jobline.JobSpec;
import io.jobline.JobStatus;
import io.jobline.Json;
import io.jobline.TenantId;
import io.jobline.config.Config;
import io.jobline.local.EmbeddedServices;
import io.jobline.local.LocalJobline;
import io.jobline.local.SesStandIn;
import io.jobline.queue.QueueUrls;
import io.jobline.store.Database;
import io.jobline.store.PostgresJobStore;
import io.jobline.tenant.ApiKey;
import io.jobline.tenant.PostgresTenantStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.jar.JarFile;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * What the functions talk to during the benchmark, in this JVM: embedded PostgreSQL (migrated, with one tenant and API
 * key), Redis, ElasticMQ with the job queue and its dead-letter queue, and the SES stand-in. No handler runs here, so
 * nothing consumes the queue; the worker probes get their job ids directly.
 */
final class ColdStartStack implements AutoCloseable {

    static final String REGION = "us-east-1";
    static final String SENDER = "coldstart@example.com";
    private static final String LOCAL_CREDENTIAL = "local";
    private static final String EMAIL_PAYLOAD =
            "{\"to\":[\"coldstart@example.com\"],\"subject\":\"Cold start\",\"text\":\"Measured by ColdStartBenchmark\"}";
    /** Above the highest maxAttempts, as in the local runner; nothing is redelivered during the benchmark anyway. */

    private final List<AutoCloseable> resources;
    private final SesStandIn ses;
    private final Map<String, String> functionEnv;
    private final PostgresJobStore store;
    private final TenantId tenant;
    private final ApiKey apiKey;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ColdStartStack(List<AutoCloseable> resources, SesStandIn ses, Map<String, String> functionEnv,
            PostgresJobStore store, TenantId tenant, ApiKey apiKey) {
        this.resources = resources;
        this.ses = ses;
        this.functionEnv = functionEnv;
        this.store = store;
        this.tenant = tenant;
        this.apiKey = apiKey;
    }

    /**
     * Starts everything; on failure stops what had started and rethrows. {@code functionJars} are checked to carry no
     * schema migration that this JVM's (possibly older, installed) jobline-shared did not apply.
     */
    static ColdStartStack start(List<Path> functionJars) {
        // The JDK's HTTP server (the SES stand-in) leaves Nagle's algorithm on: small responses would wait for the
        // client's delayed ACK (40 ms on Linux) and land in the figures. Must be set before the server starts.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            EmbeddedServices services = EmbeddedServices.start(
                    EmbeddedServices.Service.POSTGRES, EmbeddedServices.Service.REDIS, EmbeddedServices.Service.SQS);
            resources.add(services);
            SesStandIn ses = SesStandIn.start();
            resources.add(ses);

            SqsClient sqs = SqsClient.builder()
                    .httpClient(UrlConnectionHttpClient.create())
                    .region(Region.of(REGION))
                    .endpointOverride(services.sqs().endpoint())
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(LOCAL_CREDENTIAL, LOCAL_CREDENTIAL)))
                    .build();
            resources.add(sqs);
            QueueUrls queues = LocalJobline.createQueues(sqs);

            Map<String, String> env = new HashMap<>();
            env.put(Config.DATABASE_URL, services.postgres().jdbcUrl());
            env.put(Config.DATABASE_USER, services.postgres().user());
            env.put(Config.DATABASE_PASSWORD, services.postgres().password());
            env.put(Config.REDIS_URL, services.redis().uri().toString());
            env.put(Config.QUEUE_URL, queues.normal());
            env.put(Config.HIGH_PRIORITY_QUEUE_URL, queues.high());
            env.put(Config.DEAD_LETTER_QUEUE_URL, queues.normalDeadLetter());
            env.put(Config.HIGH_PRIORITY_DEAD_LETTER_QUEUE_URL, queues.highDeadLetter());
            env.put(Config.SENDER_ADDRESS, SENDER);
            env.put(Config.AWS_REGION, REGION);
            env.put(Config.AWS_ENDPOINT_URL_SQS, services.sqs().endpoint().toString());
            env.put(Config.AWS_ENDPOINT_URL_SESV2, ses.endpoint().toString());
            env.put("AWS_ACCESS_KEY_ID", LOCAL_CREDENTIAL);
            env.put("AWS_SECRET_ACCESS_KEY", LOCAL_CREDENTIAL);
            Config config = Config.fromEnv(env);

            HikariDataSource pool = Database.connect(config.database(), "jobline-coldstart");
            resources.add(pool);
            Database.migrate(pool);
            requireMigrationsApplied(pool, functionJars);
            PostgresTenantStore tenants = new PostgresTenantStore(pool);
            TenantId tenant = tenants.createTenant("coldstart");
            ApiKey apiKey = ApiKey.generate();
            tenants.addApiKey(tenant, apiKey, "ColdStartBenchmark");

            return new ColdStartStack(resources, ses, Map.copyOf(env), new PostgresJobStore(pool), tenant, apiKey);
        } catch (RuntimeException e) {
            closeInReverse(resources);
            throw e;
        }
    }

    /**
     * The environment of a function that Lambda would start, and nothing of this JVM's: the variables {@link Config}
     * reads, credentials for the stand-ins, and those Lambda itself sets that libraries look at.
     */
    Map<String, String> functionEnv(String functionName) {
        Map<String, String> env = new HashMap<>(functionEnv);
        env.put("AWS_DEFAULT_REGION", REGION);
        env.put("AWS_LAMBDA_FUNCTION_NAME", functionName);
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", "UTC");
        return env;
    }

    ApiKey apiKey() {
        return apiKey;
    }

    /** A queued email job, for a worker probe to run. */
    JobId queueEmailJob() {
        try {
            JobSpec spec = new JobSpec("email.send", Json.MAPPER.readTree(EMAIL_PAYLOAD), 1);
            Job job = Job.submit(JobId.random(), tenant, spec, null, Database.clock().instant());
            store.insert(job);
            return job.id();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Optional<JobStatus> statusOf(JobId id) {
        return store.find(id).map(Job::status);
    }

    /** Emails the SES stand-in has accepted so far. */
    int emailsSent() {
        return ses.sentCount();
    }

    /** Stops everything, last started first; safe to call twice (from a shutdown hook and normally). */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            closeInReverse(resources);
        }
    }

    /**
     * {@code mvn -pl bench exec:java} takes the other modules from the local repository, which may hold an older
     * build than the function jars: then the schema here would not be the one the functions expect.
     */
    private static void requireMigrationsApplied(HikariDataSource pool, List<Path> functionJars) {
        Set<String> applied = new HashSet<>();
        try (Connection connection = pool.getConnection();
                Statement query = connection.createStatement();
                ResultSet rows = query.executeQuery("SELECT script FROM flyway_schema_history WHERE success")) {
            while (rows.next()) {
                applied.add(rows.getString(1));
            }
        } catch (SQLException e) {
            throw new ColdStartException("Could not read the applied migrations: " + e.getMessage(), e);
        }
        for (Path jar : functionJars) {
            Set<String> missing = new TreeSet<>(migrationsIn(jar));
            missing.removeAll(applied);
            if (!missing.isEmpty()) {
                throw new ColdStartException(jar.getFileName() + " has migrations " + missing
                        + " that the benchmark's own jobline-shared lacks: it is an older build from the local"
                        + " repository. Run `mvn -q -B install -DskipTests` from the repository root first.");
            }
        }
    }

    private static Set<String> migrationsIn(Path jar) {
        String folder = "db/migration/";
        try (JarFile file = new JarFile(jar.toFile())) {
            Set<String> scripts = new HashSet<>();
            file.stream()
                    .map(entry -> entry.getName())
                    .filter(name -> name.startsWith(folder) && name.endsWith(".sql"))
                    .forEach(name -> scripts.add(name.substring(folder.length())));
            return scripts;
        } catch (IOException e) {
            throw new ColdStartException("Could not read " + jar + ": " + e.getMessage(), e);
        }
    }

    private static void closeInReverse(List<AutoCloseable> resources) {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                System.err.println("coldstart: could not stop " + resources.get(i).getClass().getSimpleName() + ": "
                        + e);
            }
        }
        resources.clear();
    }
}
