package io.jobline.migrate;

/**
 * Applies the migrations from a terminal: {@code java -cp jobline-migrate.jar io.jobline.migrate.Migrate}, with the
 * {@code JOBLINE_DATABASE_*} variables set. For operators and for the LocalStack deploy script.
 */
public final class Migrate {

    private Migrate() {}

    public static void main(String[] args) {
        System.out.println("Schema at version " + MigrationHandler.migrateFromEnv(System.getenv()));
    }
}
