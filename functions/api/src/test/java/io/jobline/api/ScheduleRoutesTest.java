package io.jobline.api;

import static io.jobline.JobTestBuilder.NOW;
import static io.jobline.schedule.ScheduleTestBuilder.aSchedule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.jobline.Json;
import io.jobline.Priority;
import io.jobline.TenantId;
import io.jobline.TestClock;
import io.jobline.schedule.InMemoryScheduleStore;
import io.jobline.schedule.Schedule;
import io.jobline.schedule.ScheduleExistsException;
import io.jobline.schedule.ScheduleNotFoundException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScheduleRoutesTest {

    /** A job template without its closing brace, so tests can add fields. */
    private static final String EMAIL_JOB = "{\"type\":\"email.send\","
            + "\"payload\":{\"to\":[\"team@example.com\"],\"subject\":\"Digest\",\"text\":\"Hi\"}";

    private final InMemoryScheduleStore store = new InMemoryScheduleStore();
    private final TestClock clock = new TestClock(NOW); // Sunday 2026-11-22 10:00 UTC
    private final TenantId tenant = TenantId.random();
    private final TenantId otherTenant = TenantId.random();
    private final Router router = new Router();

    ScheduleRoutesTest() {
        new ScheduleRoutes(store, Dependencies.standardJobTypes(), clock).register(router);
    }

    private APIGatewayV2HTTPResponse call(TenantId caller, String method, String path, String body) {
        Map<String, String> headers = body == null ? Map.of() : Map.of("content-type", "application/json");
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        return router.route(new HttpRequest(method, path, headers, Map.of(), bytes), caller);
    }

    private APIGatewayV2HTTPResponse call(String method, String path, String body) {
        return call(tenant, method, path, body);
    }

    /** As ApiHandler answers: a refusal becomes the JSON error of ErrorResponses. */
    private APIGatewayV2HTTPResponse answer(String method, String path, String body) {
        try {
            return call(method, path, body);
        } catch (RuntimeException e) {
            return ErrorResponses.from(e, "test");
        }
    }

    private static JsonNode json(APIGatewayV2HTTPResponse response) throws Exception {
        return Json.MAPPER.readTree(response.getBody());
    }

    private static String createBody(String name, String cron, String timezone) {
        return "{\"name\":\"" + name + "\",\"cron\":\"" + cron + "\""
                + (timezone == null ? "" : ",\"timezone\":\"" + timezone + "\"")
                + ",\"job\":" + EMAIL_JOB + ",\"maxAttempts\":3}}";
    }

    private static List<String> fields(JsonNode error) {
        List<String> fields = new ArrayList<>();
        error.at("/error/details").forEach(detail -> fields.add(detail.get("field").textValue()));
        return fields.stream().sorted().toList();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.textValue()));
        return texts;
    }

    // --- create

    @Test
    void createAnswers201WithTheScheduleAndItsNextFireTimes() throws Exception {
        var response = call("POST", "/schedules", createBody("weekday-digest", "0 9 * * MON-FRI", "Europe/Berlin"));

        assertEquals(201, response.getStatusCode(), response.getBody());
        assertEquals("/schedules/weekday-digest", response.getHeaders().get("Location"));
        JsonNode schedule = json(response);
        assertEquals("weekday-digest", schedule.get("name").textValue());
        assertEquals("0 9 * * MON-FRI", schedule.get("cron").textValue());
        assertEquals("Europe/Berlin", schedule.get("timezone").textValue());
        assertEquals("email.send", schedule.at("/job/type").textValue());
        assertEquals("team@example.com", schedule.at("/job/payload/to/0").textValue());
        assertEquals(3, schedule.at("/job/maxAttempts").intValue());
        assertFalse(schedule.get("paused").booleanValue());
        assertEquals("2026-11-23T08:00:00Z", schedule.get("nextFireAt").textValue(), "Monday 09:00 CET");
        assertEquals(List.of("2026-11-23T08:00:00Z", "2026-11-24T08:00:00Z", "2026-11-25T08:00:00Z",
                "2026-11-26T08:00:00Z", "2026-11-27T08:00:00Z"), texts(schedule.get("nextFireTimes")));
        assertEquals(NOW.toString(), schedule.get("createdAt").textValue());
        Schedule stored = store.find(tenant, "weekday-digest").orElseThrow();
        assertEquals(Instant.parse("2026-11-23T08:00:00Z"), stored.nextFireAt());
    }

    @Test
    void timezoneDefaultsToUtcAndMaxAttemptsToFive() throws Exception {
        var response = call("POST", "/schedules",
                "{\"name\":\"hourly\",\"cron\":\"0 * * * *\",\"job\":" + EMAIL_JOB + "}}");

        JsonNode schedule = json(response);
        assertEquals("UTC", schedule.get("timezone").textValue());
        assertEquals(5, schedule.at("/job/maxAttempts").intValue());
        assertEquals("2026-11-22T11:00:00Z", schedule.get("nextFireAt").textValue());
    }

    @Test
    void theJobTemplateTakesWhatPostJobsTakes() throws Exception {
        var response = call("POST", "/schedules", "{\"name\":\"urgent\",\"cron\":\"*/5 * * * *\",\"job\":"
                + EMAIL_JOB + ",\"priority\":\"high\",\"backoff\":{\"type\":\"exponential\",\"baseSeconds\":5,"
                + "\"maxSeconds\":600},\"callbackUrl\":\"https://hooks.example.com/done\"}}");

        assertEquals(201, response.getStatusCode(), response.getBody());
        JsonNode job = json(response).get("job");
        assertEquals("high", job.get("priority").textValue());
        assertEquals(600, job.at("/backoff/maxSeconds").intValue());
        assertEquals("https://hooks.example.com/done", job.get("callbackUrl").textValue());
        assertEquals(Priority.HIGH, store.find(tenant, "urgent").orElseThrow().job().priority());
    }

    @Test
    void theJobTemplateRefusesSubmitOnlyFields() throws Exception {
        var response = answer("POST", "/schedules",
                "{\"name\":\"x\",\"cron\":\"0 * * * *\",\"job\":" + EMAIL_JOB + ",\"delaySeconds\":60}}");

        assertEquals(List.of("job.delaySeconds"), fields(json(response)));
    }

    /** The callback of every job the schedule fires would be refused by POST /jobs: so is the schedule. */
    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1/done", "http://169.254.169.254/latest", "ftp://example.com/x"})
    void theJobTemplatesCallbackUrlIsCheckedAsPostJobsChecksIt(String url) throws Exception {
        var response = answer("POST", "/schedules", "{\"name\":\"x\",\"cron\":\"0 * * * *\",\"job\":"
                + EMAIL_JOB + ",\"callbackUrl\":\"" + url + "\"}}");

        assertEquals(400, response.getStatusCode(), response.getBody());
        assertEquals(List.of("job.callbackUrl"), fields(json(response)));
        assertTrue(store.list(tenant).isEmpty());
    }

    @Test
    void reportsEveryInvalidFieldWithItsPath() throws Exception {
        var response = answer("POST", "/schedules", "{\"name\":\"no spaces\",\"cron\":\"0 25 * * *\","
                + "\"timezone\":\"Mars/Olympus\",\"job\":{\"type\":\"email.send\","
                + "\"payload\":{\"to\":[\"nope\"],\"subject\":\"s\",\"text\":\"t\"},\"maxAttempts\":21}}");

        assertEquals(400, response.getStatusCode(), response.getBody());
        JsonNode error = json(response);
        assertEquals("invalid_field", error.at("/error/code").textValue());
        assertEquals(List.of("cron", "job.maxAttempts", "job.payload.to[0]", "name", "timezone"), fields(error));
        assertTrue(response.getBody().contains("Value 25 not in range [0, 23]"), response.getBody());
        assertTrue(store.list(tenant).isEmpty());
    }

    @Test
    void namesTheCronProblemInWords() throws Exception {
        var response = answer("POST", "/schedules", createBody("x", "0 9 * *", null));

        assertEquals("cron: must have 5 fields (minute hour day-of-month month day-of-week), got 4: '0 9 * *'",
                json(response).at("/error/message").textValue());
    }

    @Test
    void refusesUnknownAndMissingFields() throws Exception {
        var response = answer("POST", "/schedules", "{\"name\":\"x\",\"crontab\":\"0 * * * *\"}");

        assertEquals(400, response.getStatusCode());
        assertEquals(List.of("cron", "crontab", "job"), fields(json(response)));
    }

    @Test
    void anUnknownJobTypeAloneIsAnsweredAsForJobs() throws Exception {
        var response = answer("POST", "/schedules",
                "{\"name\":\"x\",\"cron\":\"0 * * * *\",\"job\":{\"type\":\"sms.send\",\"payload\":{}}}");

        assertEquals(400, response.getStatusCode());
        assertEquals("unknown_job_type", json(response).at("/error/code").textValue());
        assertEquals(List.of("job.type"), fields(json(response)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"+02:00", "CET-1", "europe/berlin", ""})
    void acceptsOnlyIanaTimeZones(String timezone) throws Exception {
        var response = answer("POST", "/schedules", createBody("x", "0 * * * *", timezone));

        assertEquals(List.of("timezone"), fields(json(response)));
    }

    @Test
    void malformedJsonIsRefused() throws Exception {
        assertEquals("malformed_json",
                json(answer("POST", "/schedules", "{\"name\":")).at("/error/code").textValue());
    }

    @Test
    void aSecondScheduleOfTheSameNameIsAConflict() {
        call("POST", "/schedules", createBody("hourly", "0 * * * *", null));

        var e = assertThrows(ScheduleExistsException.class,
                () -> call("POST", "/schedules", createBody("hourly", "30 * * * *", null)));

        assertEquals("A schedule named 'hourly' already exists; delete it first or choose another name",
                e.getMessage());
        assertEquals("0 * * * *", store.find(tenant, "hourly").orElseThrow().cron().expression());
    }

    @Test
    void anotherTenantMayUseTheSameName() {
        call("POST", "/schedules", createBody("hourly", "0 * * * *", null));

        var response = call(otherTenant, "POST", "/schedules", createBody("hourly", "0 * * * *", null));

        assertEquals(201, response.getStatusCode());
    }

    // --- read

    @Test
    void listsTheTenantsSchedulesByName() throws Exception {
        for (String name : List.of("weekly", "daily", "hourly")) {
            store.create(aSchedule().named(name).forTenant(tenant).build());
        }
        store.create(aSchedule().named("another-tenants").forTenant(otherTenant).build());

        var response = call("GET", "/schedules", null);

        assertEquals(200, response.getStatusCode());
        List<String> names = new ArrayList<>();
        json(response).get("schedules").forEach(schedule -> names.add(schedule.get("name").textValue()));
        assertEquals(List.of("daily", "hourly", "weekly"), names);
    }

    @Test
    void listIsEmptyWithoutSchedules() throws Exception {
        assertEquals(0, json(call("GET", "/schedules", null)).get("schedules").size());
    }

    @Test
    void getsOneByName() throws Exception {
        store.create(aSchedule().named("hourly").forTenant(tenant).build());

        var response = call("GET", "/schedules/hourly", null);

        assertEquals(200, response.getStatusCode());
        assertEquals("hourly", json(response).get("name").textValue());
        assertEquals(5, json(response).get("nextFireTimes").size());
    }

    @Test
    void anotherTenantsScheduleIsNotFoundExactlyLikeAMissingOne() {
        store.create(aSchedule().named("hourly").forTenant(otherTenant).build());

        var theirs = assertThrows(ScheduleNotFoundException.class, () -> call("GET", "/schedules/hourly", null));
        var missing = assertThrows(ScheduleNotFoundException.class, () -> call("GET", "/schedules/hourlz", null));

        assertEquals("Schedule 'hourly' does not exist", theirs.getMessage());
        assertEquals(theirs.getMessage().replace("hourly", "hourlz"), missing.getMessage());
        assertThrows(ScheduleNotFoundException.class, () -> call("DELETE", "/schedules/hourly", null));
        assertThrows(ScheduleNotFoundException.class, () -> call("POST", "/schedules/hourly/pause", null));
        assertThrows(ScheduleNotFoundException.class, () -> call("POST", "/schedules/hourly/resume", null));
        assertFalse(store.find(otherTenant, "hourly").orElseThrow().paused());
    }

    @Test
    void aNameNoScheduleCanHaveIsNotFound() {
        assertThrows(ScheduleNotFoundException.class, () -> call("GET", "/schedules/..%2Fjobs", null));
    }

    // --- delete, pause, resume

    @Test
    void deleteAnswers204AndTheScheduleIsGone() {
        store.create(aSchedule().named("hourly").forTenant(tenant).build());

        var response = call("DELETE", "/schedules/hourly", null);

        assertEquals(204, response.getStatusCode());
        assertTrue(store.find(tenant, "hourly").isEmpty());
        assertThrows(ScheduleNotFoundException.class, () -> call("DELETE", "/schedules/hourly", null));
    }

    @Test
    void pauseThenResumeFromTheTimeOfResuming() throws Exception {
        call("POST", "/schedules", createBody("hourly", "0 * * * *", null));

        var paused = call("POST", "/schedules/hourly/pause", null);
        clock.advance(Duration.ofHours(5).plusMinutes(20));
        var resumed = call("POST", "/schedules/hourly/resume", null);

        assertEquals(200, paused.getStatusCode());
        assertTrue(json(paused).get("paused").booleanValue());
        assertTrue(json(paused).get("nextFireAt").isNull(), "a paused schedule has no next fire time");
        assertEquals(0, json(paused).get("nextFireTimes").size());
        assertEquals(200, resumed.getStatusCode());
        assertFalse(json(resumed).get("paused").booleanValue());
        assertEquals("2026-11-22T16:00:00Z", json(resumed).get("nextFireAt").textValue());
        assertEquals("2026-11-22T15:20:00Z", json(resumed).get("updatedAt").textValue());
    }

    @Test
    void pauseAndResumeAreIdempotent() throws Exception {
        call("POST", "/schedules", createBody("hourly", "0 * * * *", null));

        call("POST", "/schedules/hourly/pause", null);
        var again = call("POST", "/schedules/hourly/pause", null);
        call("POST", "/schedules/hourly/resume", null);
        var resumedAgain = call("POST", "/schedules/hourly/resume", null);

        assertTrue(json(again).get("paused").booleanValue());
        assertFalse(json(resumedAgain).get("paused").booleanValue());
    }

    // --- HTTP details

    @Test
    void otherMethodsAre405WithAllow() throws Exception {
        var response = answer("PUT", "/schedules/hourly", "{}");

        assertEquals(405, response.getStatusCode());
        assertEquals("GET, DELETE", response.getHeaders().get("Allow"));
    }

    @Test
    void anUnreachableStoreIs503() throws Exception {
        store.setDown(true);

        var response = answer("GET", "/schedules", null);

        assertEquals(503, response.getStatusCode());
        assertEquals("database_unavailable", json(response).at("/error/code").textValue());
    }
}
