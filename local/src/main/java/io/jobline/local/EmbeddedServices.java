package io.jobline.local;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The servers Jobline needs, embedded: started together, since each takes seconds and they share nothing, and closed
 * in the reverse order.
 */
public final class EmbeddedServices implements AutoCloseable {

    public enum Service {
        POSTGRES,
        REDIS,
        SQS
    }

    private static final Logger log = LoggerFactory.getLogger(EmbeddedServices.class);

    private final LocalPostgres postgres;
    private final LocalRedis redis;
    private final LocalSqs sqs;

    private EmbeddedServices(LocalPostgres postgres, LocalRedis redis, LocalSqs sqs) {
        this.postgres = postgres;
        this.redis = redis;
        this.sqs = sqs;
    }

    public static EmbeddedServices start(Service... services) {
        return start(List.of(services));
    }

    /**
     * Starts only {@code services}, in parallel. If one fails, those that started are stopped again and the failure is
     * thrown.
     */
    public static EmbeddedServices start(Collection<Service> services) {
        Set<Service> wanted = services.isEmpty() ? EnumSet.noneOf(Service.class) : EnumSet.copyOf(services);
        try (ExecutorService starter =
                Executors.newThreadPerTaskExecutor(Thread.ofPlatform().name("start-service-", 1).factory())) {
            CompletableFuture<LocalPostgres> postgres =
                    startIf(wanted.contains(Service.POSTGRES), LocalPostgres::start, starter);
            CompletableFuture<LocalRedis> redis = startIf(wanted.contains(Service.REDIS), LocalRedis::start, starter);
            CompletableFuture<LocalSqs> sqs = startIf(wanted.contains(Service.SQS), LocalSqs::start, starter);
            try {
                // allOf waits for every start to end, so none is left running unseen when another fails.
                CompletableFuture.allOf(postgres, redis, sqs).join();
            } catch (CompletionException e) {
                closeInReverse(startedOf(List.of(postgres, redis, sqs)));
                throw e.getCause() instanceof LocalServiceException failure
                        ? failure
                        : new LocalServiceException("Could not start the embedded services", e.getCause());
            }
            return new EmbeddedServices(postgres.join(), redis.join(), sqs.join());
        }
    }

    /** The embedded PostgreSQL, or null if it was not asked for (the runner then uses a configured one). */
    public LocalPostgres postgres() {
        return postgres;
    }

    /** The embedded Redis, or null if it was not asked for. */
    public LocalRedis redis() {
        return redis;
    }

    /** The embedded ElasticMQ, or null if it was not asked for. */
    public LocalSqs sqs() {
        return sqs;
    }

    /** Closes every service, last started first, even if one of them fails to stop. */
    @Override
    public void close() {
        closeInReverse(Stream.<AutoCloseable>of(postgres, redis, sqs).filter(Objects::nonNull).toList());
    }

    private static <T> CompletableFuture<T> startIf(boolean wanted, Supplier<T> start, ExecutorService starter) {
        return wanted ? CompletableFuture.supplyAsync(start, starter) : CompletableFuture.completedFuture(null);
    }

    private static List<AutoCloseable> startedOf(List<CompletableFuture<? extends AutoCloseable>> starts) {
        List<AutoCloseable> started = new ArrayList<>();
        for (CompletableFuture<? extends AutoCloseable> start : starts) {
            if (!start.isCompletedExceptionally() && start.join() != null) {
                started.add(start.join());
            }
        }
        return started;
    }

    private static void closeInReverse(List<AutoCloseable> services) {
        for (AutoCloseable service : services.reversed()) {
            try {
                service.close();
            } catch (Exception e) {
                log.warn("Could not stop {}", service.getClass().getSimpleName(), e);
            }
        }
    }
}
