package io.jobline.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobline.JobStatus;
import io.jobline.Json;
import io.jobline.queue.QueueDepths;
import io.jobline.queue.QueueMonitor;
import io.jobline.queue.QueueUnavailableException;
import io.jobline.store.JobQueries;
import io.jobline.store.TenantStats;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /stats}: the caller's jobs counted per status and per type, and the depths of the queues.
 *
 * <p>The queues are shared by all tenants, so their depths say how busy Jobline is, not whose jobs wait. When SQS
 * cannot be asked, {@code queues} is null and the job counts are still answered: a dashboard should not go blank
 * because of the one part it cannot see.
 */
final class StatsRoutes {

    private static final Logger log = LoggerFactory.getLogger(StatsRoutes.class);

    private final JobQueries queries;
    private final QueueMonitor queues;
    private final java.util.Optional<Authenticator> quotas;

    StatsRoutes(JobQueries queries, QueueMonitor queues) {
        this(queries, queues, java.util.Optional.empty());
    }

    /** Also shows the caller's quotas, as {@code authenticator} enforces them. */
    StatsRoutes(JobQueries queries, QueueMonitor queues, java.util.Optional<Authenticator> quotas) {
        this.queries = queries;
        this.queues = queues;
        this.quotas = quotas;
    }

    void register(Router router) {
        router.add("GET", "/stats", this::stats);
    }

    private APIGatewayV2HTTPResponse stats(ApiCall call) {
        TenantStats stats = queries.stats(call.tenant());
        ObjectNode body = Json.MAPPER.createObjectNode();
        ObjectNode jobs = body.putObject("jobs");
        ObjectNode byStatus = jobs.putObject("byStatus");
        for (JobStatus status : JobStatus.values()) {
            byStatus.put(status.wireName(), stats.byStatus().get(status));
        }
        ObjectNode byType = jobs.putObject("byType");
        stats.byType().forEach(byType::put);
        ObjectNode byTypeAndStatus = jobs.putObject("byTypeAndStatus");
        stats.byTypeAndStatus().forEach((type, counts) -> {
            ObjectNode perStatus = byTypeAndStatus.putObject(type);
            counts.forEach((status, count) -> perStatus.put(status.wireName(), count));
        });
        quotas.ifPresent(authenticator -> body.set("quotas", AdminRoutes.quotasJson(authenticator.quotas(call.tenant()))));
        try {
            ObjectNode depths = body.putObject("queues");
            for (Map.Entry<String, QueueDepths> queue : queues.depths().entrySet()) {
                depths.putObject(queue.getKey())
                        .put("visible", queue.getValue().visible())
                        .put("inFlight", queue.getValue().inFlight())
                        .put("delayed", queue.getValue().delayed());
            }
        } catch (QueueUnavailableException e) {
            log.warn("Queue depths unavailable for GET /stats: {}", e.getMessage());
            body.putNull("queues");
        }
        return ApiCall.json(200, body);
    }
}
