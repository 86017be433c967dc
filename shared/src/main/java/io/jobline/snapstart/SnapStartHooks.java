package io.jobline.snapstart;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a function does around a Lambda SnapStart snapshot (CRaC hooks; a no-op on a JVM without CRaC, as locally).
 *
 * <p>Before the snapshot: run the request code paths once without side effects, so their classes are loaded and
 * initialised in the snapshot rather than on the first request, then drop network connections, which cannot survive
 * a snapshot (the restored instance runs on another host). After the restore: the pools open fresh connections on
 * first use, so nothing needs re-creating; {@code afterRestore} is for what does.
 */
public final class SnapStartHooks implements Resource {

    private static final Logger log = LoggerFactory.getLogger(SnapStartHooks.class);

    private final String function;
    private final Runnable prime;
    private final Runnable dropConnections;
    private final Runnable afterRestore;

    private SnapStartHooks(String function, Runnable prime, Runnable dropConnections, Runnable afterRestore) {
        this.function = function;
        this.prime = prime;
        this.dropConnections = dropConnections;
        this.afterRestore = afterRestore;
    }

    /**
     * Registers the hooks. Keep the returned object referenced (e.g. in a field of the handler): CRaC holds
     * resources weakly.
     */
    public static SnapStartHooks register(String function, Runnable prime, Runnable dropConnections,
            Runnable afterRestore) {
        SnapStartHooks hooks = new SnapStartHooks(function, prime, dropConnections, afterRestore);
        Core.getGlobalContext().register(hooks);
        return hooks;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        long started = System.nanoTime();
        try {
            prime.run();
        } catch (RuntimeException e) {
            // Priming only saves time later; a snapshot without it still works.
            log.warn("{}: priming before the snapshot failed: {}", function, e.toString());
        }
        dropConnections.run();
        log.info("{}: primed and ready for the snapshot in {} ms", function, (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        afterRestore.run();
        log.info("{}: restored from the snapshot", function);
    }

    /** Runs the hooks as a checkpoint and restore would; for tests. */
    public void simulateSnapshotAndRestore() {
        beforeCheckpoint(null);
        afterRestore(null);
    }
}
