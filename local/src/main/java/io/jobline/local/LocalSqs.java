package io.jobline.local;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.scaladsl.Http;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import scala.concurrent.duration.FiniteDuration;
import scala.jdk.javaapi.FutureConverters;

/** ElasticMQ, an in-memory SQS that speaks the SDK's protocol, inside this JVM. Queues live as long as it does. */
public final class LocalSqs implements AutoCloseable {

    private static final long STOP_TIMEOUT_SECONDS = 5;
    private static final FiniteDuration REQUESTS_GRACE = FiniteDuration.create(100, TimeUnit.MILLISECONDS);

    /**
     * Pekko sizes its dispatcher for a server of its own (at least 8 threads that spin looking for work); here it
     * shares two cores with everything else, and fewer threads measured less CPU per message.
     */
    private static final Config PEKKO_CONFIG = ConfigFactory.parseString(
            "pekko.actor.default-dispatcher.fork-join-executor { parallelism-min = 2, parallelism-max = 2 }");

    private final ActorSystem actorSystem;
    private final Http.ServerBinding binding;

    private LocalSqs(ActorSystem actorSystem, Http.ServerBinding binding) {
        this.actorSystem = actorSystem;
        this.binding = binding;
    }

    /** Starts on a free port of 127.0.0.1. */
    public static LocalSqs start() {
        return start(0);
    }

    /** Starts on {@code port} of 127.0.0.1; 0 picks a free one. */
    public static LocalSqs start(int port) {
        QuietLogs.warningsOnly("org.elasticmq", "org.apache.pekko");
        // Our own actor system, so that close() can end it: see there.
        ActorSystem actorSystem = ActorSystem.create("elasticmq", PEKKO_CONFIG.withFallback(ConfigFactory.load()));
        try {
            SQSRestServer server = SQSRestServerBuilder.withActorSystem(actorSystem)
                    .withInterface("127.0.0.1")
                    .withPort(port)
                    .start();
            return new LocalSqs(actorSystem, server.waitUntilStarted());
        } catch (RuntimeException e) {
            // Its threads would otherwise keep the JVM alive.
            terminate(actorSystem);
            throw new LocalServiceException("Could not start ElasticMQ on port " + port, e);
        }
    }

    /** What to give the SDK as {@code endpointOverride} (or {@code AWS_ENDPOINT_URL_SQS}). */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public int port() {
        return binding.localAddress().getPort();
    }

    /**
     * Stops at once. ElasticMQ's own stop gives open requests a minute to finish, and a long poll holds one open for up
     * to 20 seconds; here they get a moment, then are cut off as a crashed SQS endpoint would cut them.
     */
    @Override
    public void close() {
        try {
            FutureConverters.asJava(binding.terminate(REQUESTS_GRACE))
                    .toCompletableFuture()
                    .get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new LocalServiceException("ElasticMQ did not stop serving within " + STOP_TIMEOUT_SECONDS + " s", e);
        } finally {
            terminate(actorSystem);
        }
    }

    private static void terminate(ActorSystem actorSystem) {
        actorSystem.terminate();
        try {
            actorSystem.getWhenTerminated().toCompletableFuture().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new LocalServiceException("ElasticMQ did not stop within " + STOP_TIMEOUT_SECONDS + " s", e);
        }
    }
}
