package io.jobline.worker;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.zaxxer.hikari.HikariDataSource;
import io.jobline.config.Config;
import io.jobline.config.LogLevel;
import io.jobline.queue.JobQueue;
import io.jobline.queue.SqsJobQueue;
import io.jobline.schedule.PostgresScheduleStore;
import io.jobline.store.Database;
import io.jobline.store.JobStore;
import io.jobline.store.PostgresJobStore;
import java.time.Clock;
import java.util.Map;
import org.slf4j.MDC;

/** The sweep function, invoked every minute by an EventBridge schedule (whose payload it ignores). */
public final class SweepHandler implements RequestHandler<Map<String, Object>, String> {

    static {
        // Before any logger of this function is created.
        LogLevel.applyFromEnv(System.getenv());
    }

    /** Bounded work per run: a backlog is worked off over several runs rather than in one long one. */
    static final int BATCH_LIMIT = 500;

    private final Sweep sweep;

    /** Used by Lambda: configuration from the environment, clients built once per instance. */
    public SweepHandler() {
        this(Config.fromEnv(System.getenv()));
    }

    private SweepHandler(Config config) {
        this(sweepFromConfig(config));
    }

    public SweepHandler(Dependencies deps, Sweep.Settings settings) {
        this(new Sweep(deps.store(), deps.queue(), deps.schedules(), deps.clock(), settings, deps.onFinished()));
    }

    private SweepHandler(Sweep sweep) {
        this.sweep = sweep;
    }

    /** Only what the sweep uses (the database and the queues): no Redis, SES or webhook clients at its cold start. */
    private static Sweep sweepFromConfig(Config config) {
        HikariDataSource dataSource = Database.connect(config.database(), "jobline-sweep");
        JobStore store = new PostgresJobStore(dataSource);
        JobQueue queue = new SqsJobQueue(SqsJobQueue.client(config), config.queues());
        Clock clock = Database.clock();
        return new Sweep(store, queue, Dependencies.schedulesOf(new PostgresScheduleStore(dataSource)), clock,
                settings(config), Dependencies.onFinished(store, queue, clock));
    }

    public static Sweep.Settings settings(Config config) {
        return new Sweep.Settings(BATCH_LIMIT, config.staleQueuedAfter(), config.succeededRetention(),
                config.failedRetention());
    }

    /** @return the run's report as JSON (a plain string, so no runtime serializer is involved) */
    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        if (context != null) {
            MDC.put("requestId", context.getAwsRequestId());
        }
        try {
            return sweep.run().toJson();
        } finally {
            MDC.remove("requestId");
        }
    }

    /** Runs the sweep and hands back its report, for the local runner and tests. */
    public Sweep.Report runNow() {
        return sweep.run();
    }
}
