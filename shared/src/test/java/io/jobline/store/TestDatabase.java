package io.jobline.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.sql.DataSource;

/** One embedded PostgreSQL per test JVM, migrated once; tests isolate themselves by using fresh tenants and ids. */
public final class TestDatabase {

    private static EmbeddedPostgres postgres;

    private TestDatabase() {}

    public static synchronized DataSource dataSource() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "off").start();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start embedded PostgreSQL", e);
            }
            Database.migrate(postgres.getPostgresDatabase());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException e) {
                    // The JVM is going away; nothing left to do.
                }
            }));
        }
        return postgres.getPostgresDatabase();
    }
}
