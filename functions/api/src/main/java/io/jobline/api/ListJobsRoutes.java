package io.jobline.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobline.Job;
import io.jobline.JobJson;
import io.jobline.Json;
import io.jobline.store.JobCount;
import io.jobline.store.JobCursor;
import io.jobline.store.JobPage;
import io.jobline.store.JobQueries;

/**
 * {@code GET /jobs}: the caller's jobs, newest first, a page at a time. The answer is
 * {@code {"jobs": [...], "nextCursor": "..."}}; {@code nextCursor} is null on the last page, otherwise passed back as
 * {@code cursor} (with the same filters) for the next one.
 *
 * <p>{@code GET /jobs/count}: how many jobs the same filters match, {@code {"count": 42, "capped": false}}; past
 * {@value JobCount#CAP} it answers the cap with {@code "capped": true}.
 */
final class ListJobsRoutes {

    private final JobQueries queries;

    ListJobsRoutes(JobQueries queries) {
        this.queries = queries;
    }

    void register(Router router) {
        router.add("GET", "/jobs", this::list);
        // Two literal segments: the router tries it before /jobs/{id}, so "count" is never read as a job id.
        router.add("GET", "/jobs/count", this::count);
    }

    private APIGatewayV2HTTPResponse count(ApiCall call) {
        JobCount count = queries.count(ListJobsRequest.parseFilter(call.tenant(), call.request().query()));
        return ApiCall.json(200, Json.MAPPER.createObjectNode().put("count", count.count()).put("capped",
                count.capped()));
    }

    private APIGatewayV2HTTPResponse list(ApiCall call) {
        JobPage page = queries.list(ListJobsRequest.parse(call.tenant(), call.request().query()));
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode jobs = body.putArray("jobs");
        for (Job job : page.jobs()) {
            jobs.add(JobJson.render(job));
        }
        body.put("nextCursor", page.nextCursor().map(JobCursor::encode).orElse(null));
        return ApiCall.json(200, body);
    }
}
