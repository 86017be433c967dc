package io.jobline.api;

import io.jobline.queue.QueueMonitor;
import java.sql.Connection;
import java.sql.Statement;
import javax.sql.DataSource;
import redis.clients.jedis.RedisClient;

/**
 * One service {@code GET /health} asks whether it answers: {@code database}, {@code cache} or {@code queue}. The probe
 * returns when the service answered and throws when it did not.
 */
public interface HealthCheck {

    /** The name the health answer shows this check under. */
    String name();

    /** Asks the service once; throws when it does not answer as it should. */
    void probe() throws Exception;

    /** A check made of a name and a probe. */
    static HealthCheck of(String name, Probe probe) {
        return new HealthCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void probe() throws Exception {
                probe.run();
            }
        };
    }

    /** PostgreSQL: {@code SELECT 1} on a pooled connection, with a one-second statement timeout. */
    static HealthCheck database(DataSource dataSource) {
        return of("database", () -> {
            try (Connection connection = dataSource.getConnection();
                    Statement statement = connection.createStatement()) {
                statement.setQueryTimeout(1);
                statement.execute("SELECT 1");
            }
        });
    }

    /** Redis: {@code PING}. */
    static HealthCheck cache(RedisClient redis) {
        return of("cache", () -> {
            String answer = redis.ping();
            if (!"PONG".equalsIgnoreCase(answer)) {
                throw new IllegalStateException("PING answered " + answer);
            }
        });
    }

    /** SQS: {@code GetQueueAttributes} of the queues the monitor knows (see {@code SqsQueueMonitor}). */
    static HealthCheck queue(QueueMonitor queues) {
        return of("queue", queues::depths);
    }

    /** What a check runs. */
    @FunctionalInterface
    interface Probe {
        void run() throws Exception;
    }
}
