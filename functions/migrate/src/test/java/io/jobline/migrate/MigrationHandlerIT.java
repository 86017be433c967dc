package io.jobline.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MigrationHandlerIT {

    @Test
    void migratesAnEmptyDatabaseAndIsANoOpTheSecondTime() throws IOException {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "off").start()) {
            Map<String, String> env = Map.of(
                    "JOBLINE_DATABASE_URL", postgres.getJdbcUrl("postgres", "postgres"),
                    "JOBLINE_DATABASE_USER", "postgres",
                    "JOBLINE_DATABASE_PASSWORD", "");

            String first = MigrationHandler.migrateFromEnv(env);
            String second = MigrationHandler.migrateFromEnv(env);

            assertTrue(first.matches("\\d{3}") && first.compareTo("003") >= 0, first);
            assertEquals(first, second);
        }
    }
}
