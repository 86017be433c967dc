package io.jobline.schedule;

import static io.jobline.JobTestBuilder.NOW;
import static io.jobline.schedule.ScheduleTestBuilder.aSchedule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScheduleTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "nightly-report", "Report_2026.v2", "0",
        "x123456789x123456789x123456789x123456789x123456789x123456789x123456789x123456789x123456789x123456789"})
    void acceptsNamesThatAreUrlPathSegmentsAsTheyAre(String name) {
        assertTrue(Schedule.isValidName(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "-x", "_x", "with space", "slash/name", "ümlaut", "a%20b"})
    void refusesOtherNames(String name) {
        assertFalse(Schedule.isValidName(name));
        assertThrows(IllegalArgumentException.class, () -> aSchedule().named(name).build());
    }

    @Test
    void acceptsAHundredCharactersButNotMore() {
        assertEquals(100, "x".repeat(100).length());
        assertTrue(Schedule.isValidName("x".repeat(100)));
        assertFalse(Schedule.isValidName("x".repeat(101)));
    }

    @Test
    void aNewScheduleIsDueAtItsFirstFireTimeAfterCreation() {
        Schedule schedule = aSchedule().withCron("*/15 * * * *").createdAt(Instant.parse("2026-11-22T10:07:00Z"))
                .build();

        assertEquals(Instant.parse("2026-11-22T10:15:00Z"), schedule.nextFireAt());
        assertFalse(schedule.isDue(Instant.parse("2026-11-22T10:14:59Z")));
        assertTrue(schedule.isDue(Instant.parse("2026-11-22T10:15:00Z")));
        assertEquals(List.of(Instant.parse("2026-11-22T10:15:00Z"), Instant.parse("2026-11-22T10:30:00Z"),
                        Instant.parse("2026-11-22T10:45:00Z")),
                schedule.nextFireTimes(3));
    }

    @Test
    void aPausedScheduleIsNeverDueAndShowsNoFireTimes() {
        Schedule paused = aSchedule().build().pause(NOW);

        assertFalse(paused.isDue(NOW.plusSeconds(365L * 24 * 3600)));
        assertEquals(List.of(), paused.nextFireTimes(5));
        assertSame(paused, paused.pause(NOW.plusSeconds(1)));
    }

    @Test
    void firingMovesOnToTheOccurrenceAfterTheFiredOne() {
        Schedule schedule = aSchedule().build();
        Instant sweep = Instant.parse("2026-11-22T13:10:00Z");

        Instant fireAt = schedule.dueOccurrence(sweep);
        Schedule fired = schedule.fired(fireAt, sweep);

        assertEquals(Instant.parse("2026-11-22T13:00:00Z"), fireAt, "the latest missed hour, not 11:00");
        assertEquals(Instant.parse("2026-11-22T14:00:00Z"), fired.nextFireAt());
        assertEquals(sweep, fired.updatedAt());
    }
}
