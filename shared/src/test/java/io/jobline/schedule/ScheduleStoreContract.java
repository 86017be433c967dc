package io.jobline.schedule;

import static io.jobline.JobTestBuilder.NOW;
import static io.jobline.schedule.ScheduleTestBuilder.aSchedule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobline.BackoffPolicy;
import io.jobline.Job;
import io.jobline.JobId;
import io.jobline.JobSpec;
import io.jobline.JobStatus;
import io.jobline.JobTestBuilder;
import io.jobline.Priority;
import io.jobline.TenantId;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What every {@link ScheduleStore} must do; run against the in-memory fake and PostgreSQL. */
public abstract class ScheduleStoreContract {

    private static final ScheduledJobFactory STANDARD = ScheduledJobFactory.standard();

    protected abstract ScheduleStore store();

    /** A tenant that exists in the store under test, new for each test. */
    protected abstract TenantId tenant();

    /** Another tenant that exists in the store under test. */
    protected abstract TenantId otherTenant();

    /** The job as the job store has it. */
    protected abstract Optional<Job> findJob(JobId id);

    /** The recorded occurrences of a schedule, oldest first. */
    protected abstract List<Instant> occurrencesOf(Schedule schedule);

    private Schedule create(ScheduleTestBuilder builder) {
        return store().create(builder.forTenant(tenant()).build());
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    // --- create, read, delete

    @Test
    void findsWhatWasCreated() {
        Schedule schedule = create(aSchedule().named("weekday-digest").withCron("0 9 * * MON-FRI")
                .inZone("Europe/Berlin"));

        Schedule found = store().find(tenant(), "weekday-digest").orElseThrow();

        assertEquals(schedule, found);
        assertEquals("0 9 * * MON-FRI", found.cron().expression());
        assertEquals("Europe/Berlin", found.timezone().getId());
        assertEquals(schedule.job(), found.job());
        assertEquals(at("2026-11-23T08:00:00Z"), found.nextFireAt(), "Monday 09:00 in Berlin (CET)");
        assertEquals(0, found.version());
    }

    @Test
    void keepsTheWholeJobTemplate() {
        JobSpec template = new JobSpec("email.send", JobTestBuilder.emailPayload("ops@example.com"), 7, Priority.HIGH,
                Optional.of(new BackoffPolicy(Duration.ofSeconds(5), Duration.ofMinutes(10))),
                Optional.of(URI.create("https://hooks.example.com/jobline")));
        create(aSchedule().named("full").withJob(template));

        assertEquals(template, store().find(tenant(), "full").orElseThrow().job());
        Job fired = store().fireDue(at("2026-11-22T11:00:00Z"), 10, STANDARD).getFirst();
        Job stored = findJob(fired.id()).orElseThrow();
        assertEquals(Priority.HIGH, stored.priority());
        assertEquals(7, stored.maxAttempts());
        assertEquals(template.payload(), stored.payload());
    }

    @Test
    void refusesASecondScheduleOfTheSameNameForTheSameTenant() {
        create(aSchedule().named("hourly"));

        assertThrows(ScheduleExistsException.class, () -> create(aSchedule().named("hourly").withCron("5 * * * *")));
        assertEquals("0 * * * *", store().find(tenant(), "hourly").orElseThrow().cron().expression());
    }

    @Test
    void anotherTenantMayUseTheSameName() {
        create(aSchedule().named("hourly"));

        store().create(aSchedule().named("hourly").forTenant(otherTenant()).build());

        assertTrue(store().find(otherTenant(), "hourly").isPresent());
    }

    @Test
    void listsOnlyTheTenantsSchedulesOrderedByName() {
        for (String name : List.of("b", "a_3", "A", "a.1", "a-2")) {
            create(aSchedule().named(name));
        }
        store().create(aSchedule().named("another-tenants").forTenant(otherTenant()).build());

        List<String> names = store().list(tenant()).stream().map(Schedule::name).toList();

        assertEquals(List.of("A", "a-2", "a.1", "a_3", "b"), names);
    }

    @Test
    void anotherTenantsScheduleIsInvisible() {
        create(aSchedule().named("mine"));

        assertTrue(store().find(otherTenant(), "mine").isEmpty());
        assertFalse(store().delete(otherTenant(), "mine"));
        assertTrue(store().pause(otherTenant(), "mine", NOW).isEmpty());
        assertTrue(store().resume(otherTenant(), "mine", NOW).isEmpty());
        assertFalse(store().find(tenant(), "mine").orElseThrow().paused());
    }

    @Test
    void deleteRemovesTheScheduleAndFreesItsName() {
        Schedule schedule = create(aSchedule().named("temp"));
        store().fireDue(NOW.plus(Duration.ofHours(1)), 10, STANDARD);

        assertTrue(store().delete(tenant(), "temp"));

        assertTrue(store().find(tenant(), "temp").isEmpty());
        assertTrue(occurrencesOf(schedule).isEmpty(), "occurrence records go with their schedule");
        assertFalse(store().delete(tenant(), "temp"));
        create(aSchedule().named("temp"));
    }

    // --- pause and resume

    @Test
    void pauseKeepsTheScheduleButStopsIt() {
        create(aSchedule().named("report"));

        Schedule paused = store().pause(tenant(), "report", NOW.plusSeconds(5)).orElseThrow();
        Schedule again = store().pause(tenant(), "report", NOW.plusSeconds(9)).orElseThrow();

        assertTrue(paused.paused());
        assertEquals(1, paused.version());
        assertEquals(NOW.plusSeconds(5), paused.updatedAt());
        assertEquals(paused, again, "pausing a paused schedule changes nothing");
        assertEquals(paused, store().find(tenant(), "report").orElseThrow());
    }

    @Test
    void resumeRecomputesTheNextFireTimeFromNow() {
        create(aSchedule().named("report").paused());

        Instant resumedAt = at("2026-11-22T15:20:00Z");
        Schedule resumed = store().resume(tenant(), "report", resumedAt).orElseThrow();
        Schedule again = store().resume(tenant(), "report", resumedAt.plusSeconds(60)).orElseThrow();

        assertFalse(resumed.paused());
        assertEquals(at("2026-11-22T16:00:00Z"), resumed.nextFireAt());
        assertEquals(resumed, again, "resuming an active schedule changes nothing");
        assertEquals(resumed, store().find(tenant(), "report").orElseThrow());
    }

    // --- firing

    @Test
    void firesADueScheduleOnceAsAQueuedJobFromItsTemplate() {
        Schedule schedule = create(aSchedule().named("hourly"));
        Instant sweep = at("2026-11-22T11:00:20Z");

        List<Job> jobs = store().fireDue(sweep, 10, STANDARD);
        List<Job> again = store().fireDue(sweep.plusSeconds(30), 10, STANDARD);

        assertEquals(1, jobs.size());
        assertTrue(again.isEmpty(), "an occurrence fires once");
        Job job = findJob(jobs.getFirst().id()).orElseThrow();
        assertEquals(JobStatus.QUEUED, job.status());
        assertEquals(tenant(), job.tenantId());
        assertEquals(schedule.job().type(), job.type());
        assertEquals(schedule.job().payload(), job.payload());
        assertEquals(schedule.job().maxAttempts(), job.maxAttempts());
        assertEquals(sweep, job.createdAt());
        assertEquals(List.of(at("2026-11-22T11:00:00Z")), occurrencesOf(schedule));
        Schedule advanced = store().find(tenant(), "hourly").orElseThrow();
        assertEquals(at("2026-11-22T12:00:00Z"), advanced.nextFireAt());
        assertEquals(1, advanced.version());
    }

    @Test
    void doesNotFireBeforeTheFireTime() {
        create(aSchedule().named("hourly"));

        assertTrue(store().fireDue(at("2026-11-22T10:59:59Z"), 10, STANDARD).isEmpty());
        assertEquals(1, store().fireDue(at("2026-11-22T11:00:00Z"), 10, STANDARD).size());
    }

    @Test
    void passesTheOccurrenceToTheFactory() {
        create(aSchedule().named("hourly"));
        List<Instant> fireTimes = new ArrayList<>();

        store().fireDue(at("2026-11-22T11:00:20Z"), 10, (schedule, fireAt, now) -> {
            fireTimes.add(fireAt);
            return STANDARD.create(schedule, fireAt, now);
        });

        assertEquals(List.of(at("2026-11-22T11:00:00Z")), fireTimes);
    }

    @Test
    void pausedSchedulesNeverFire() {
        create(aSchedule().named("paused").paused());
        create(aSchedule().named("paused-later"));
        store().pause(tenant(), "paused-later", NOW.plusSeconds(1));

        List<Job> jobs = store().fireDue(NOW.plus(Duration.ofDays(30)), 100, STANDARD);

        assertTrue(jobs.isEmpty());
    }

    @Test
    void aResumedScheduleFiresOnlyOccurrencesAfterItsResume() {
        Schedule schedule = create(aSchedule().named("report").paused());
        store().resume(tenant(), "report", at("2026-11-22T15:20:00Z"));

        List<Job> jobs = store().fireDue(at("2026-11-22T16:00:05Z"), 10, STANDARD);

        assertEquals(1, jobs.size());
        assertEquals(List.of(at("2026-11-22T16:00:00Z")), occurrencesOf(schedule));
    }

    @Test
    void afterDowntimeFiresOnlyTheLatestMissedOccurrence() {
        Schedule schedule = create(aSchedule().named("hourly"));

        List<Job> jobs = store().fireDue(at("2026-11-22T15:30:00Z"), 10, STANDARD);

        assertEquals(1, jobs.size(), "no burst of the five missed hours");
        assertEquals(List.of(at("2026-11-22T15:00:00Z")), occurrencesOf(schedule));
        assertEquals(at("2026-11-22T16:00:00Z"), store().find(tenant(), "hourly").orElseThrow().nextFireAt());
    }

    @Test
    void firesAtMostLimitOccurrencesPerCallEarliestFirst() {
        create(aSchedule().named("every-5").withCron("*/5 * * * *"));
        create(aSchedule().named("every-10").withCron("*/10 * * * *"));
        create(aSchedule().named("hourly"));
        Instant sweep = at("2026-11-22T11:00:00Z");

        List<Job> first = store().fireDue(sweep, 2, STANDARD);
        List<Job> second = store().fireDue(sweep, 2, STANDARD);

        assertEquals(2, first.size());
        assertEquals(1, second.size());
        assertEquals(at("2026-11-22T11:05:00Z"), store().find(tenant(), "every-5").orElseThrow().nextFireAt());
        assertEquals(at("2026-11-22T11:10:00Z"), store().find(tenant(), "every-10").orElseThrow().nextFireAt());
        assertEquals(at("2026-11-22T12:00:00Z"), store().find(tenant(), "hourly").orElseThrow().nextFireAt());
    }

    @Test
    void oneScheduleWhoseJobCannotBeBuiltDoesNotStopTheOthers() {
        create(aSchedule().named("broken"));
        create(aSchedule().named("fine"));
        Instant sweep = at("2026-11-22T11:00:00Z");

        List<Job> jobs = store().fireDue(sweep, 10, (schedule, fireAt, now) -> {
            if (schedule.name().equals("broken")) {
                throw new IllegalStateException("cannot build this one");
            }
            return STANDARD.create(schedule, fireAt, now);
        });

        assertEquals(1, jobs.size());
        assertTrue(store().find(tenant(), "broken").orElseThrow().isDue(sweep), "left due for the next run");
        assertFalse(store().find(tenant(), "fine").orElseThrow().isDue(sweep));
    }

    @Test
    void firesTheDailyOccurrenceThatTheSpringForwardGapSwallowed() {
        // 2026-03-29 in Berlin: 02:00 CET jumps to 03:00 CEST, so 02:00 does not exist that day.
        Schedule schedule = create(aSchedule().named("two-am").withCron("0 2 * * *").inZone("Europe/Berlin")
                .createdAt(at("2026-03-28T12:00:00Z")));

        List<Job> atGap = store().fireDue(at("2026-03-29T01:00:10Z"), 10, STANDARD);
        List<Job> nextNight = store().fireDue(at("2026-03-30T00:00:10Z"), 10, STANDARD);

        assertEquals(1, atGap.size());
        assertEquals(1, nextNight.size());
        assertEquals(List.of(at("2026-03-29T01:00:00Z"), at("2026-03-30T00:00:00Z")), occurrencesOf(schedule),
                "03:00 CEST on the day of the change, then 02:00 CEST");
    }

    @Test
    void twoSweepsAtOnceCreateExactlyOneJobPerOccurrence() throws Exception {
        ExecutorService sweeps = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 60; round++) {
                int r = round;
                List<Schedule> due = IntStream.range(0, 3)
                        .mapToObj(i -> create(aSchedule().named("race-" + r + "-" + i).withCron("*/5 * * * *")))
                        .toList();
                Instant sweep = at("2026-11-22T10:05:30Z");
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<List<Job>>> results = new ArrayList<>();
                for (int s = 0; s < 2; s++) {
                    results.add(sweeps.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        return store().fireDue(sweep, 10, STANDARD);
                    }));
                }
                List<Job> jobs = new ArrayList<>();
                for (Future<List<Job>> result : results) {
                    jobs.addAll(result.get(30, TimeUnit.SECONDS));
                }

                assertEquals(3, jobs.size(), "round " + r + ": one job per schedule, not one per sweep");
                Map<JobId, Long> copies = jobs.stream()
                        .collect(Collectors.groupingBy(Job::id, Collectors.counting()));
                assertEquals(3, copies.size(), "round " + r + ": distinct jobs");
                for (Schedule schedule : due) {
                    assertEquals(List.of(at("2026-11-22T10:05:00Z")), occurrencesOf(schedule), "round " + r);
                    assertEquals(at("2026-11-22T10:10:00Z"),
                            store().find(tenant(), schedule.name()).orElseThrow().nextFireAt(), "round " + r);
                }
                for (Job job : jobs) {
                    assertTrue(findJob(job.id()).isPresent(), "round " + r + ": the returned job is stored");
                }
            }
        } finally {
            sweeps.shutdownNow();
        }
    }
}
