package io.jobline.worker;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.jobline.config.Config;
import io.jobline.config.LogLevel;
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
        this(Dependencies.fromConfig(config), settings(config));
    }

    public SweepHandler(Dependencies deps, Sweep.Settings settings) {
        this.sweep = new Sweep(deps.store(), deps.queue(), deps.schedules(), deps.clock(), settings,
                deps.onFinished());
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
