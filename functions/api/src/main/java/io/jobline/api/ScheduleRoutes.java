package io.jobline.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobline.JobTypes;
import io.jobline.Json;
import io.jobline.schedule.Schedule;
import io.jobline.schedule.ScheduleNotFoundException;
import io.jobline.schedule.ScheduleStore;
import io.jobline.webhook.AddressPolicy;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /schedules}: recurring jobs, addressed by name within the caller's tenant. The sweep fires them; these routes
 * only manage them. Another tenant's schedule answers exactly like one that does not exist.
 */
final class ScheduleRoutes {

    private final ScheduleStore schedules;
    private final JobTypes jobTypes;
    private final Clock clock;
    private final AddressPolicy callbackPolicy;

    /** Callback URLs limited to public addresses, as by default. */
    ScheduleRoutes(ScheduleStore schedules, JobTypes jobTypes, Clock clock) {
        this(schedules, jobTypes, clock, AddressPolicy.DEFAULT);
    }

    /** @param callbackPolicy the webhook policy, which a job template's {@code callbackUrl} must satisfy */
    ScheduleRoutes(ScheduleStore schedules, JobTypes jobTypes, Clock clock, AddressPolicy callbackPolicy) {
        this.schedules = schedules;
        this.jobTypes = jobTypes;
        this.clock = clock;
        this.callbackPolicy = callbackPolicy;
    }

    void register(Router router) {
        router.add("POST", "/schedules", this::create);
        router.add("GET", "/schedules", this::list);
        router.add("GET", "/schedules/{name}", this::get);
        router.add("DELETE", "/schedules/{name}", this::delete);
        router.add("POST", "/schedules/{name}/pause", this::pause);
        router.add("POST", "/schedules/{name}/resume", this::resume);
    }

    private APIGatewayV2HTTPResponse create(ApiCall call) {
        CreateScheduleRequest request = CreateScheduleRequest.parse(call.jsonBody(), jobTypes, callbackPolicy);
        Schedule schedule = schedules.create(Schedule.create(call.tenant(), request.name(), request.cron(),
                request.timezone(), request.job(), clock.instant()));
        return ApiCall.json(201, ScheduleJson.render(schedule), Map.of("Location", "/schedules/" + schedule.name()));
    }

    private APIGatewayV2HTTPResponse list(ApiCall call) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode items = body.putArray("schedules");
        schedules.list(call.tenant()).forEach(schedule -> items.add(ScheduleJson.render(schedule)));
        return ApiCall.json(200, body);
    }

    private APIGatewayV2HTTPResponse get(ApiCall call) {
        String name = name(call);
        return ok(schedules.find(call.tenant(), name), name);
    }

    private APIGatewayV2HTTPResponse delete(ApiCall call) {
        String name = name(call);
        if (!schedules.delete(call.tenant(), name)) {
            throw new ScheduleNotFoundException(name);
        }
        return ApiCall.noContent();
    }

    private APIGatewayV2HTTPResponse pause(ApiCall call) {
        String name = name(call);
        return ok(schedules.pause(call.tenant(), name, clock.instant()), name);
    }

    private APIGatewayV2HTTPResponse resume(ApiCall call) {
        String name = name(call);
        return ok(schedules.resume(call.tenant(), name, clock.instant()), name);
    }

    /** The name in the path; one that no schedule can have is simply not found. */
    private static String name(ApiCall call) {
        String name = call.pathParam("name");
        if (!Schedule.isValidName(name)) {
            throw new ScheduleNotFoundException(name);
        }
        return name;
    }

    private static APIGatewayV2HTTPResponse ok(Optional<Schedule> schedule, String name) {
        return ApiCall.json(200, ScheduleJson.render(schedule.orElseThrow(() -> new ScheduleNotFoundException(name))));
    }
}
