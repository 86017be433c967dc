package io.jobline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobline.local.EmbeddedServices.Service;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;
import software.amazon.awssdk.services.sqs.SqsClient;

class EmbeddedServicesTest {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedServicesTest.class);

    @Test
    void startsEveryServiceAskedForAndStopsThemAll() throws Exception {
        long started = System.nanoTime();
        EmbeddedServices services = EmbeddedServices.start(Service.POSTGRES, Service.REDIS, Service.SQS);
        log.info("PostgreSQL, Redis and ElasticMQ started together in {} ms",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        int postgresPort = services.postgres().port();

        try (services;
                Connection db = DriverManager.getConnection(services.postgres().jdbcUrl(),
                        services.postgres().user(), services.postgres().password());
                ResultSet version = db.createStatement().executeQuery("SHOW server_version");
                RedisClient redis = RedisClient.create(services.redis().uri());
                SqsClient sqs = LocalAws.sqs(services.sqs().endpoint())) {

            assertTrue(version.next());
            assertTrue(version.getString(1).startsWith("17."), version.getString(1));
            assertEquals("PONG", redis.ping());
            assertTrue(sqs.createQueue(request -> request.queueName("jobs")).queueUrl().endsWith("/jobs"));
        }

        awaitNoProcesses(postgresPort);
    }

    @Test
    void startsOnlyWhatIsAskedFor() {
        try (EmbeddedServices services = EmbeddedServices.start(List.of(Service.REDIS));
                RedisClient redis = RedisClient.create(services.redis().uri())) {

            assertEquals("PONG", redis.ping());
            assertNull(services.postgres());
            assertNull(services.sqs());
        }
    }

    @Test
    void startsNothingWhenAskedForNothing() {
        try (EmbeddedServices services = EmbeddedServices.start()) {
            assertNull(services.redis());
        }
    }

    private static void awaitNoProcesses(int postgresPort) throws InterruptedException {
        // The postmaster outlives pg_ctl and is re-parented to init, so it is found by its port, not as our child.
        for (int i = 0; i < 100 && (postgresProcesses(postgresPort) > 0 || redisProcesses() > 0); i++) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        assertEquals(0, postgresProcesses(postgresPort), "postgres processes left");
        assertEquals(0, redisProcesses(), "redis processes left");
    }

    static long postgresProcesses(int port) {
        return ProcessHandle.allProcesses()
                .filter(process -> process.info().commandLine()
                        .filter(command -> command.contains("/bin/postgres ") && command.contains("-p " + port + " "))
                        .isPresent())
                .count();
    }

    static long redisProcesses() {
        return ProcessHandle.current().descendants()
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info().command()
                        .filter(command -> command.contains("redis-server"))
                        .isPresent())
                .count();
    }
}
