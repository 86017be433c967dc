package io.jobline.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {

    static Map<String, String> complete() {
        Map<String, String> env = new HashMap<>();
        env.put("JOBLINE_DATABASE_URL", "jdbc:postgresql://localhost:5432/jobline");
        env.put("JOBLINE_DATABASE_USER", "jobline");
        env.put("JOBLINE_DATABASE_PASSWORD", "s3cret");
        env.put("JOBLINE_REDIS_URL", "redis://localhost:6379");
        env.put("JOBLINE_QUEUE_URL", "http://localhost:9324/000000000000/jobline-jobs");
        env.put("JOBLINE_HIGH_PRIORITY_QUEUE_URL", "http://localhost:9324/000000000000/jobline-jobs-high");
        env.put("JOBLINE_DEAD_LETTER_QUEUE_URL", "http://localhost:9324/000000000000/jobline-jobs-dlq");
        env.put("JOBLINE_HIGH_PRIORITY_DEAD_LETTER_QUEUE_URL",
                "http://localhost:9324/000000000000/jobline-jobs-high-dlq");
        env.put("JOBLINE_SENDER_ADDRESS", "jobs@example.com");
        env.put("AWS_REGION", "eu-west-1");
        return env;
    }

    @Test
    void readsACompleteEnvironmentWithDefaults() {
        Config config = Config.fromEnv(complete());

        assertEquals(2, config.database().poolSize());
        assertEquals(Duration.ofHours(24), config.cacheTtl());
        assertEquals(Duration.ofSeconds(30), config.apiKeyCacheTtl());
        assertTrue(config.sqsEndpoint().isEmpty());
    }

    @Test
    void metricsAreEmfUnderJoblineUnlessConfigured() {
        assertEquals(new MetricsConfig(true, "Jobline"), Config.fromEnv(complete()).metrics());

        Map<String, String> env = complete();
        env.put(Config.METRICS, "OFF");
        env.put(Config.METRICS_NAMESPACE, "Jobline/Staging");
        assertEquals(new MetricsConfig(false, "Jobline/Staging"), Config.fromEnv(env).metrics());

        env.put(Config.METRICS, "prometheus");
        env.put(Config.METRICS_NAMESPACE, "{bad}");
        var e = assertThrows(ConfigException.class, () -> Config.fromEnv(env));
        assertEquals(2, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("JOBLINE_METRICS must be emf or off"), e.getMessage());
    }

    @Test
    void logLevelAndFormatAreCheckedBeforeAnyIsApplied() {
        var e = assertThrows(ConfigException.class, () -> LogLevel.applyFromEnv(
                Map.of(Config.LOG_LEVEL, "loud", Config.LOG_FORMAT, "xml")));

        assertEquals(2, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("JOBLINE_LOG_FORMAT must be json or text"), e.getMessage());
    }

    @Test
    void namesEveryMissingVariableAtOnce() {
        var e = assertThrows(ConfigException.class, () -> Config.fromEnv(Map.of()));

        assertEquals(Config.REQUIRED.size(), e.problems().size());
        for (String name : Config.REQUIRED) {
            assertTrue(e.getMessage().contains(name), name);
        }
    }

    @Test
    void explainsAWrongValue() {
        Map<String, String> env = complete();
        env.put("JOBLINE_DATABASE_POOL_SIZE", "lots");
        env.put("JOBLINE_REDIS_URL", "localhost:6379");

        var e = assertThrows(ConfigException.class, () -> Config.fromEnv(env));

        assertEquals(2, e.problems().size());
        assertTrue(e.getMessage().contains("JOBLINE_DATABASE_POOL_SIZE must be an integer"), e.getMessage());
    }

    @Test
    void takesTheServiceEndpointOverTheGeneralOne() {
        Map<String, String> env = complete();
        env.put("AWS_ENDPOINT_URL", "http://localhost:4566");
        env.put("AWS_ENDPOINT_URL_SQS", "http://localhost:9324");

        Config config = Config.fromEnv(env);

        assertEquals(URI.create("http://localhost:9324"), config.sqsEndpoint().orElseThrow());
        assertEquals(URI.create("http://localhost:4566"), config.sesEndpoint().orElseThrow());
    }

    @Test
    void aSecretArnReplacesThePassword() {
        Map<String, String> env = complete();
        env.remove("JOBLINE_DATABASE_PASSWORD");
        env.put("JOBLINE_DATABASE_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:jobline-db");

        Config config = Config.fromEnv(env);

        assertTrue(config.database().password().isEmpty());
        assertEquals("eu-west-1", config.database().awsRegion());
    }

    @Test
    void webhooksReachOnlyPublicAddressesUnlessTheOperatorAllowsANetwork() {
        Map<String, String> env = complete();
        assertEquals(io.jobline.webhook.AddressPolicy.DEFAULT, Config.fromEnv(env).webhookPolicy());
        env.put(Config.WEBHOOK_ALLOW_PRIVATE_NETWORKS, " ");
        assertEquals(io.jobline.webhook.AddressPolicy.DEFAULT, Config.fromEnv(env).webhookPolicy());

        env.put(Config.WEBHOOK_ALLOW_PRIVATE_NETWORKS, "10.0.0.0/8, nonsense");
        var e = assertThrows(ConfigException.class, () -> Config.fromEnv(env));
        assertTrue(e.getMessage().contains(Config.WEBHOOK_ALLOW_PRIVATE_NETWORKS), e.getMessage());
    }

    @Test
    void ratesParseFromConfiguration() {
        Map<String, String> env = complete();
        env.put(Config.RATE_LIMITS, "email.send=14/s, webhook.post=600/m");

        var rates = Config.fromEnv(env).rateLimits();

        assertEquals(14, rates.get("email.send").perSecond());
        assertEquals(10, rates.get("webhook.post").perSecond());
        assertEquals(14, rates.get("email.send").burst());
    }

    @Test
    void everyPerTypeSettingNamesTheFormItExpects() {
        Map<String, String> env = complete();
        env.put(Config.RATE_LIMITS, "email.send");
        env.put(Config.RETRY_BACKOFF, "=2/900");
        env.put(Config.CONCURRENCY_LIMITS, "webhook.post=20,, email.send");

        var e = assertThrows(ConfigException.class, () -> Config.fromEnv(env));

        assertTrue(e.getMessage().contains("expected type=rate, got 'email.send'"), e.getMessage());
        assertTrue(e.getMessage().contains("expected type=base/max, got '=2/900'"), e.getMessage());
        assertTrue(e.getMessage().contains("expected type=limit, got 'email.send'"), e.getMessage());
    }

    @Test
    void withoutPasswordOrSecretTheMessageNamesBoth() {
        Map<String, String> env = complete();
        env.remove("JOBLINE_DATABASE_PASSWORD");

        var e = assertThrows(ConfigException.class, () -> Config.fromEnv(env));

        assertTrue(e.getMessage().contains("JOBLINE_DATABASE_PASSWORD"), e.getMessage());
        assertTrue(e.getMessage().contains("JOBLINE_DATABASE_SECRET_ARN"), e.getMessage());
    }

    @Test
    void theMigrationReadsOnlyTheDatabaseVariables() {
        DatabaseConfig database = DatabaseConfig.fromEnv(Map.of(
                "JOBLINE_DATABASE_URL", "jdbc:postgresql://db:5432/jobline",
                "JOBLINE_DATABASE_USER", "jobline",
                "JOBLINE_DATABASE_PASSWORD", "pw"));

        assertEquals("jobline", database.user());
    }

    @Test
    void neverPrintsThePassword() {
        assertFalse(Config.fromEnv(complete()).toString().contains("s3cret"));
    }
}
