package io.jobline.migrate;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.CloudFormationCustomResourceEvent;
import io.jobline.config.DatabaseConfig;
import io.jobline.store.Database;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A CloudFormation custom resource that applies the Flyway migrations on stack create and update, so the schema is in
 * place before the new function versions take traffic and no function migrates on its cold start.
 *
 * <p>CloudFormation waits for an answer at the resource's response URL; a handler that threw without answering would
 * leave the stack waiting for an hour. So every outcome, a configuration error included, is answered.
 */
public final class MigrationHandler implements RequestHandler<CloudFormationCustomResourceEvent, Void> {

    static final String PHYSICAL_RESOURCE_ID = "jobline-schema";
    private static final Logger log = LoggerFactory.getLogger(MigrationHandler.class);

    private final Supplier<String> migrate;
    private final CustomResourceResponder responder;

    /** Used by Lambda: the database from the environment, the pool built only when a migration runs. */
    public MigrationHandler() {
        this(() -> migrateFromEnv(System.getenv()), new CustomResourceResponder());
    }

    MigrationHandler(Supplier<String> migrate, CustomResourceResponder responder) {
        this.migrate = migrate;
        this.responder = responder;
    }

    @Override
    public Void handleRequest(CloudFormationCustomResourceEvent event, Context context) {
        String requestType = event.getRequestType();
        if ("Delete".equals(requestType)) {
            // Deleting the stack must not delete the jobs: the schema stays with the database.
            responder.succeed(event, PHYSICAL_RESOURCE_ID, Map.of());
            return null;
        }
        String version;
        try {
            version = migrate.get();
        } catch (RuntimeException e) {
            log.error("{}: migration failed", requestType, e);
            responder.fail(event, PHYSICAL_RESOURCE_ID, "Migration failed: " + e.getMessage());
            return null;
        }
        log.info("{}: schema migrated to version {}", requestType, version);
        // Outside the try: a failed reply after a good migration must not be answered as a failed migration. It
        // throws instead, and Lambda's retry of the invocation migrates again (a no-op) and answers again.
        responder.succeed(event, PHYSICAL_RESOURCE_ID, Map.of("SchemaVersion", version));
        return null;
    }

    static String migrateFromEnv(Map<String, String> env) {
        try (var pool = Database.connect(DatabaseConfig.fromEnv(env), "jobline-migrate")) {
            return Database.migrate(pool);
        }
    }
}
