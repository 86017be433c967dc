package io.jobline.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronExpressionTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    private static List<Instant> times(String... instants) {
        return java.util.Arrays.stream(instants).map(Instant::parse).toList();
    }

    @Test
    void weekdaysAtNineInBerlin() {
        CronExpression cron = CronExpression.parse("0 9 * * MON-FRI");

        // From Friday 2026-11-20 10:00 CET: Monday, Tuesday, ... at 09:00 CET (08:00 UTC).
        assertEquals(times("2026-11-23T08:00:00Z", "2026-11-24T08:00:00Z", "2026-11-25T08:00:00Z"),
                cron.nextTimes(at("2026-11-20T09:00:00Z"), BERLIN, 3));
    }

    @Test
    void theSameExpressionFiresAtTheLocalTimeOfItsZone() {
        CronExpression cron = CronExpression.parse("0 9 * * *");
        Instant after = at("2026-07-01T00:00:00Z");

        assertEquals(at("2026-07-01T09:00:00Z"), cron.nextAfter(after, ZoneOffset.UTC));
        assertEquals(at("2026-07-01T07:00:00Z"), cron.nextAfter(after, BERLIN), "CEST is UTC+2");
        assertEquals(at("2026-07-01T13:00:00Z"), cron.nextAfter(after, NEW_YORK), "EDT is UTC-4");
        assertEquals(at("2026-12-01T14:00:00Z"), cron.nextAfter(at("2026-12-01T00:00:00Z"), NEW_YORK),
                "EST is UTC-5");
    }

    @Test
    void nextAfterIsStrictlyAfter() {
        CronExpression cron = CronExpression.parse("0 * * * *");

        assertEquals(at("2026-11-22T11:00:00Z"), cron.nextAfter(at("2026-11-22T10:00:00Z"), ZoneOffset.UTC));
        assertEquals(at("2026-11-22T10:00:00Z"), cron.nextAfter(at("2026-11-22T09:59:59.999Z"), ZoneOffset.UTC));
    }

    @Test
    void dailyAtTwoFiresOnceAtThreeWhenTheClocksGoForward() {
        // 2026-03-29, Berlin: 02:00 CET becomes 03:00 CEST; 02:00 local does not exist.
        CronExpression cron = CronExpression.parse("0 2 * * *");

        assertEquals(times("2026-03-28T01:00:00Z", "2026-03-29T01:00:00Z", "2026-03-30T00:00:00Z",
                        "2026-03-31T00:00:00Z"),
                cron.nextTimes(at("2026-03-27T12:00:00Z"), BERLIN, 4),
                "02:00 CET, then 03:00 CEST (the first instant after the gap), then 02:00 CEST");
    }

    @Test
    void allMatchesInTheSkippedHourFireOnceAfterTheGap() {
        CronExpression cron = CronExpression.parse("*/15 2 * * *");

        List<Instant> times = cron.nextTimes(at("2026-03-28T12:00:00Z"), BERLIN, 2);

        assertEquals(times("2026-03-29T01:00:00Z", "2026-03-30T00:00:00Z"), times);
    }

    @Test
    void aFixedTimeInTheRepeatedHourFiresOnceWhenTheClocksGoBack() {
        // 2026-10-25, Berlin: 03:00 CEST becomes 02:00 CET; 02:00 to 03:00 local happens twice.
        assertEquals(times("2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"),
                CronExpression.parse("30 2 * * *").nextTimes(at("2026-10-24T12:00:00Z"), BERLIN, 2));
        assertEquals(times("2026-10-24T23:30:00Z", "2026-10-25T00:30:00Z", "2026-10-25T02:30:00Z"),
                CronExpression.parse("30 1-3 * * *").nextTimes(at("2026-10-24T12:00:00Z"), BERLIN, 3),
                "01:30 CEST, 02:30 CEST, 03:30 CET: not 02:30 CET again");
    }

    @Test
    void wildcardHoursRunOnElapsedTimeThroughBothChanges() {
        CronExpression everyHalfHour = CronExpression.parse("*/30 * * * *");

        assertEquals(times("2026-10-25T00:00:00Z", "2026-10-25T00:30:00Z", "2026-10-25T01:00:00Z",
                        "2026-10-25T01:30:00Z", "2026-10-25T02:00:00Z"),
                everyHalfHour.nextTimes(at("2026-10-24T23:45:00Z"), BERLIN, 5),
                "both passes through 02:xx");
        assertEquals(times("2026-03-29T00:30:00Z", "2026-03-29T01:00:00Z", "2026-03-29T01:30:00Z"),
                everyHalfHour.nextTimes(at("2026-03-29T00:15:00Z"), BERLIN, 3),
                "01:30 CET, 03:00 CEST, 03:30 CEST");
        assertEquals(times("2026-03-29T00:15:00Z", "2026-03-29T01:15:00Z"),
                CronExpression.parse("15 * * * *").nextTimes(at("2026-03-29T00:00:00Z"), BERLIN, 2),
                "hourly at :15 gets no extra run for the skipped 02:15");
    }

    @Test
    void dayOfMonthAndDayOfWeekTogetherMeanEither() {
        // The 1st of December 2026 is a Tuesday; Mondays are the 7th and 14th.
        assertEquals(times("2026-12-01T09:00:00Z", "2026-12-07T09:00:00Z", "2026-12-14T09:00:00Z"),
                CronExpression.parse("0 9 1 * MON").nextTimes(at("2026-11-30T12:00:00Z"), ZoneOffset.UTC, 3));
    }

    @Test
    void leapDay() {
        assertEquals(at("2028-02-29T00:00:00Z"),
                CronExpression.parse("0 0 29 2 *").nextAfter(at("2026-11-22T10:00:00Z"), ZoneOffset.UTC));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "@hourly   | 2026-11-22T11:00:00Z",
        "@daily    | 2026-11-23T00:00:00Z",
        "@midnight | 2026-11-23T00:00:00Z",
        "@weekly   | 2026-11-29T00:00:00Z",
        "@monthly  | 2026-12-01T00:00:00Z",
        "@yearly   | 2027-01-01T00:00:00Z",
        "@annually | 2027-01-01T00:00:00Z",
    })
    void nicknames(String nickname, String next) {
        CronExpression cron = CronExpression.parse(nickname);

        assertEquals(nickname, cron.expression());
        assertEquals(at(next), cron.nextAfter(at("2026-11-22T10:00:00Z"), ZoneOffset.UTC));
    }

    @Test
    void namesInAnyCaseAndSundayAsSeven() {
        Instant sunday = at("2026-11-22T10:00:00Z");

        assertEquals(at("2026-11-23T09:00:00Z"),
                CronExpression.parse("0 9 * * mon-fri").nextAfter(sunday, ZoneOffset.UTC));
        assertEquals(at("2026-11-29T00:00:00Z"), CronExpression.parse("0 0 * * 7").nextAfter(sunday, ZoneOffset.UTC));
        assertEquals(at("2027-01-01T00:00:00Z"), CronExpression.parse("0 0 1 jan *").nextAfter(sunday, ZoneOffset.UTC));
    }

    @Test
    void keepsTheExpressionWithWhitespaceTidied() {
        CronExpression cron = CronExpression.parse("  0  9\t* * MON-FRI ");

        assertEquals("0 9 * * MON-FRI", cron.expression());
        assertEquals(cron, CronExpression.parse(cron.expression()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0 9 * *         | must have 5 fields (minute hour day-of-month month day-of-week), got 4",
        "0 0 9 * * *     | must have 5 fields (minute hour day-of-month month day-of-week), got 6",
        "0 25 * * *      | is not a valid cron expression: Value 25 not in range [0, 23]",
        "61 * * * *      | is not a valid cron expression: Value 61 not in range [0, 59]",
        "0 9 * * MON-FRY | is not a valid cron expression",
        "0 9 ? * *       | is not a valid cron expression",
        "0 0 31 2 *      | never fires: no date matches '0 0 31 2 *'",
        "0 0 31 4 *      | never fires",
        "@reboot         | '@reboot' is not a supported nickname",
        "hello           | must have 5 fields",
    })
    void refusesWhatItCannotRunWithAClearMessage(String expression, String message) {
        InvalidCronExpressionException e =
                assertThrows(InvalidCronExpressionException.class, () -> CronExpression.parse(expression));

        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void refusesEmptyAndOverlongExpressions() {
        assertThrows(InvalidCronExpressionException.class, () -> CronExpression.parse(""));
        assertThrows(InvalidCronExpressionException.class, () -> CronExpression.parse("   "));
        assertThrows(InvalidCronExpressionException.class, () -> CronExpression.parse(null));
        String overlong = "0 0 1 1 " + "1,".repeat(100) + "1";
        assertTrue(assertThrows(InvalidCronExpressionException.class, () -> CronExpression.parse(overlong))
                .getMessage().startsWith("must be at most 200 characters"));
    }

    @Test
    void latestMissedOccurrenceIsTheLastOneAtOrBeforeNow() {
        CronExpression everyMinute = CronExpression.parse("* * * * *");
        CronExpression yearly = CronExpression.parse("@yearly");
        CronExpression leapDay = CronExpression.parse("0 0 29 2 *");

        assertEquals(at("2026-11-22T10:00:00Z"),
                everyMinute.latestAtOrBefore(at("2025-01-01T00:00:00Z"), at("2026-11-22T10:00:59Z"), ZoneOffset.UTC));
        assertEquals(at("2026-11-22T10:00:00Z"),
                everyMinute.latestAtOrBefore(at("2026-11-22T10:00:00Z"), at("2026-11-22T10:00:00Z"), ZoneOffset.UTC));
        assertEquals(at("2026-01-01T00:00:00Z"),
                yearly.latestAtOrBefore(at("2020-01-01T00:00:00Z"), at("2026-11-22T10:00:00Z"), ZoneOffset.UTC));
        assertEquals(at("2024-02-29T00:00:00Z"),
                leapDay.latestAtOrBefore(at("2020-02-29T00:00:00Z"), at("2026-11-22T10:00:00Z"), ZoneOffset.UTC));
        assertEquals(at("2026-03-29T01:00:00Z"),
                CronExpression.parse("0 2 * * *").latestAtOrBefore(at("2026-03-20T01:00:00Z"),
                        at("2026-03-29T12:00:00Z"), BERLIN),
                "the occurrence moved out of the spring-forward gap counts too");
    }
}
