package io.jobline.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.jobline.Job;
import java.util.Map;

/** {@code /jobs}: submit and read. */
final class JobRoutes {

    private final SubmitJob submitJob;
    private final GetJob getJob;

    JobRoutes(SubmitJob submitJob, GetJob getJob) {
        this.submitJob = submitJob;
        this.getJob = getJob;
    }

    void register(Router router) {
        router.add("POST", "/jobs", this::submit);
        router.add("GET", "/jobs/{id}", this::get);
    }

    private APIGatewayV2HTTPResponse submit(ApiCall call) {
        Job job = submitJob.submit(call.tenant(), call.jsonBody());
        return ApiCall.json(202, JobJson.render(job), Map.of("Location", "/jobs/" + job.id()));
    }

    private APIGatewayV2HTTPResponse get(ApiCall call) {
        GetJob.Found found = getJob.get(call.tenant(), call.jobId());
        // RFC 9211: says whether the cache answered, for clients and for tests.
        String cacheStatus = found.fromCache() ? "jobline; hit" : "jobline; fwd=miss";
        return ApiCall.json(200, JobJson.render(found.job()), Map.of("Cache-Status", cacheStatus));
    }
}
