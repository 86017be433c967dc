package io.jobline.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;

/** A throw-away PostgreSQL server in a temporary directory, tuned for speed over durability. */
public final class LocalPostgres implements AutoCloseable {

    private static final String USER = "postgres";
    private static final String DATABASE = "postgres";

    private final EmbeddedPostgres postgres;

    private LocalPostgres(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static LocalPostgres start() {
        QuietLogs.warningsOnly("io.zonky.test");
        try {
            // Nothing here outlives the process, so the settings that make writes durable only cost time.
            return new LocalPostgres(EmbeddedPostgres.builder()
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .start());
        } catch (IOException e) {
            throw new LocalServiceException("Could not start embedded PostgreSQL", e);
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
    }

    public String user() {
        return USER;
    }

    /** The server trusts local connections, so any password is accepted; this one keeps pools that want one happy. */
    public String password() {
        return USER;
    }

    public int port() {
        return postgres.getPort();
    }

    /** Stops the server and deletes its data directory. */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new LocalServiceException("Could not stop embedded PostgreSQL on port " + port(), e);
        }
    }
}
