package io.jobline.bench.probe;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.zaxxer.hikari.HikariDataSource;
import io.jobline.cache.RedisJobCache;
import io.jobline.config.Config;
import io.jobline.mail.SesMailer;
import io.jobline.queue.JobQueue;
import io.jobline.queue.SqsJobQueue;
import io.jobline.ratelimit.RedisRateLimiter;
import io.jobline.schedule.PostgresScheduleStore;
import io.jobline.store.Database;
import io.jobline.store.JobStore;
import io.jobline.store.PostgresJobStore;
import io.jobline.worker.Dependencies;
import io.jobline.webhook.PostgresCallbackSecrets;
import io.jobline.worker.WorkerHandler;
import redis.clients.jedis.RedisClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.SesV2ClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/**
 * The worker function written the way a first draft often is, to show what the tuning buys: nothing at init,
 * everything built inside the invocation, and the SQS and SES clients on SDK defaults, which pick the Apache HTTP
 * client the benchmark puts on the class path. The job handling is Jobline's own, so only the start-up differs.
 *
 * <p>It mirrors {@link Dependencies#fromConfig}: when that changes, this does not compile until it follows.
 */
final class NaiveWorkerHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        Config config = Config.fromEnv(System.getenv());
        HikariDataSource dataSource = Database.connect(config.database(), "jobline-worker");
        RedisClient redis = RedisJobCache.client(config);
        SqsClientBuilder sqs = SqsClient.builder().region(Region.of(config.awsRegion()));
        config.sqsEndpoint().ifPresent(sqs::endpointOverride);
        SesV2ClientBuilder ses = SesV2Client.builder().region(Region.of(config.awsRegion()));
        config.sesEndpoint().ifPresent(ses::endpointOverride);
        JobStore store = new PostgresJobStore(dataSource);
        JobQueue queue = new SqsJobQueue(sqs.build(), config.queues());
        Dependencies deps = new Dependencies(
                store,
                queue,
                new RedisJobCache(redis, config.cacheTtl(), Database.clock()),
                Dependencies.runners(new SesMailer(ses.build()), config.senderAddress(), config.webhookPolicy(),
                        new PostgresCallbackSecrets(dataSource), Database.clock()),
                config.jobLease(),
                Database.clock(),
                () -> {},
                Dependencies.schedulesOf(new PostgresScheduleStore(dataSource)),
                Dependencies.onFinished(store, queue, Database.clock()),
                new RedisRateLimiter(redis, Database.clock()),
                config.rateLimits(),
                config.retryBackoff(),
                new io.jobline.ratelimit.RedisConcurrencyLimiter(redis, Database.clock()),
                config.concurrencyLimits());
        return new WorkerHandler(deps).handleRequest(event, context);
    }
}
