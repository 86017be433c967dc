package io.jobline.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobline.Json;
import io.jobline.schedule.JobTemplate;
import io.jobline.schedule.Schedule;
import java.time.Instant;

/** A schedule as clients see it. Internal fields (id, tenant, version) stay inside. */
final class ScheduleJson {

    /** How many upcoming fire times a schedule shows, so a client can check its cron expression did what it meant. */
    static final int SHOWN_FIRE_TIMES = 5;

    private ScheduleJson() {}

    /** A paused schedule shows {@code nextFireAt: null} and no fire times: nothing will fire until it is resumed. */
    static ObjectNode render(Schedule schedule) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("name", schedule.name());
        node.put("cron", schedule.cron().expression());
        node.put("timezone", schedule.timezone().getId());
        node.set("job", JobTemplate.toJson(schedule.job()));
        node.put("paused", schedule.paused());
        node.put("nextFireAt", schedule.paused() ? null : text(schedule.nextFireAt()));
        ArrayNode times = node.putArray("nextFireTimes");
        schedule.nextFireTimes(SHOWN_FIRE_TIMES).forEach(time -> times.add(text(time)));
        node.put("createdAt", text(schedule.createdAt()));
        node.put("updatedAt", text(schedule.updatedAt()));
        return node;
    }

    private static String text(Instant instant) {
        return instant.toString();
    }
}
