package io.jobline.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.jobline.config.DatabaseConfig;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Builds the connection pool and applies the schema migrations in {@code db/migration}. */
public final class Database {

    private Database() {}

    /**
     * A pool that fails fast when PostgreSQL is down (so the API answers 503 within the connect timeout rather than
     * hanging) and replaces dead connections by itself once it is back.
     */
    public static HikariDataSource connect(DatabaseConfig config, String poolName) {
        DatabaseCredentials credentials = DatabaseCredentials.of(config);
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(poolName);
        hikari.setJdbcUrl(config.url());
        hikari.setUsername(credentials.user());
        hikari.setPassword(credentials.password());
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setMinimumIdle(Math.min(1, config.poolSize()));
        hikari.setConnectionTimeout(config.connectTimeout().toMillis());
        hikari.setValidationTimeout(Math.min(1000, config.connectTimeout().toMillis()));
        // Start even while the database is down: the first request gets a 503, the next one after recovery works.
        hikari.setInitializationFailTimeout(-1);
        hikari.setMaxLifetime(10 * 60_000);
        hikari.setIdleTimeout(5 * 60_000);
        hikari.setKeepaliveTime(60_000);
        hikari.addDataSourceProperty("connectTimeout", Math.max(1, config.connectTimeout().toSeconds()));
        hikari.addDataSourceProperty("socketTimeout", 30);
        hikari.addDataSourceProperty("tcpKeepAlive", true);
        hikari.addDataSourceProperty("reWriteBatchedInserts", true);
        hikari.addDataSourceProperty("ApplicationName", poolName);
        return new HikariDataSource(hikari);
    }

    /**
     * The clock jobs are stamped with: UTC, ticking in microseconds as PostgreSQL stores them, so a job reads back
     * exactly as it was written.
     */
    public static Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1000));
    }

    /**
     * Applies pending migrations and returns the schema version now in place. Run by the deploy step and the local
     * runner, never on a function's cold start.
     */
    public static String migrate(DataSource dataSource) {
        Flyway flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load();
        flyway.migrate();
        var current = flyway.info().current();
        return current == null ? "none" : current.getVersion().getVersion();
    }
}
