package io.jobline.bench.probe;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.zaxxer.hikari.HikariDataSource;
import io.jobline.api.ApiHandler;
import io.jobline.api.Dependencies;
import io.jobline.cache.RedisJobCache;
import io.jobline.config.Config;
import io.jobline.queue.SqsJobQueue;
import io.jobline.schedule.PostgresScheduleStore;
import io.jobline.store.Database;
import io.jobline.store.PostgresJobStore;
import io.jobline.tenant.PostgresTenantStore;
import io.jobline.webhook.PostgresCallbackSecrets;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/**
 * The API function written the way a first draft often is, to show what the tuning buys: nothing at init, everything
 * built inside the invocation, and the SQS client on SDK defaults, which pick the Apache HTTP client the benchmark puts
 * on the class path. The use cases are Jobline's own, so only the start-up differs.
 *
 * <p>It mirrors {@link Dependencies#fromConfig}: when that changes, this does not compile until it follows.
 */
final class NaiveApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        Config config = Config.fromEnv(System.getenv());
        HikariDataSource dataSource = Database.connect(config.database(), "jobline-api");
        SqsClientBuilder sqs = SqsClient.builder().region(Region.of(config.awsRegion()));
        config.sqsEndpoint().ifPresent(sqs::endpointOverride);
        SqsClient sqsClient = sqs.build();
        Dependencies deps = new Dependencies(
                Dependencies.standardJobTypes(config.webhookPolicy()),
                new PostgresJobStore(dataSource),
                new SqsJobQueue(sqsClient, config.queues()),
                new RedisJobCache(RedisJobCache.client(config), config.cacheTtl(), Database.clock()),
                new PostgresTenantStore(dataSource),
                new PostgresScheduleStore(dataSource),
                new PostgresCallbackSecrets(dataSource),
                new io.jobline.store.PostgresJobQueries(dataSource),
                io.jobline.queue.SqsQueueMonitor.forQueues(sqsClient, config.queues()),
                config.webhookPolicy(),
                config.apiKeyCacheTtl(),
                Database.clock(),
                () -> {},
                java.util.List.of());
        return new ApiHandler(deps).handleRequest(event, context);
    }
}
