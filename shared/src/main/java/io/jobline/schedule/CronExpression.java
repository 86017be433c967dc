package io.jobline.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A classic five-field UNIX cron expression ({@code minute hour day-of-month month day-of-week}, e.g.
 * {@code 0 9 * * MON-FRI}), evaluated in a time zone. Parsing and matching are cron-utils'; this class adds what a job
 * system needs on top: messages fit for API clients, the nicknames ({@code @daily}, ...) and daylight-saving rules.
 *
 * <p>Daylight saving follows Vixie cron, which is what people who write crontabs expect:
 *
 * <ul>
 *   <li>An expression with a fixed hour ({@code 30 2 * * *}, {@code 0 1-3 * * *}) fires once per matching local time.
 *       When the clocks go forward and skip a matching local time (02:30 does not exist on that day in Berlin), it
 *       fires once at the first instant after the gap (03:00 local); when they go back and a local time happens twice,
 *       it fires only the first time.
 *   <li>An expression whose hour field starts with {@code *} (every hour, every n hours) runs on real elapsed time:
 *       nothing extra for the skipped hour, and both passes through a repeated hour fire, so "every 30 minutes" stays
 *       every 30 minutes.
 * </ul>
 *
 * <p>Day-of-month and day-of-week both restricted means either matches ({@code 0 9 1 * MON}: the 1st and every
 * Monday), as in every UNIX cron. Resolution is one minute. Instances are immutable and thread-safe.
 */
public final class CronExpression {

    public static final int MAX_LENGTH = 200;

    private static final CronDefinition UNIX = CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX);

    /** The nicknames of Vixie cron, as the five fields they stand for ({@code @reboot} has no meaning here). */
    private static final Map<String, String> NICKNAMES = Map.of(
            "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *");

    /** Look-back windows for the latest missed occurrence: each is scanned only if the smaller ones were empty. */
    private static final List<Duration> LOOK_BACK = List.of(
            Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(32), Duration.ofDays(367));

    /** More than the matches of any fixed hour within one repeated (DST) hour: a guard against looping forever. */
    private static final int MAX_SKIPPED_MATCHES = 1000;

    private final String expression;
    private final ExecutionTime executionTime;
    private final boolean fixedHour;

    private CronExpression(String expression, ExecutionTime executionTime, boolean fixedHour) {
        this.expression = expression;
        this.executionTime = executionTime;
        this.fixedHour = fixedHour;
    }

    /**
     * Parses and validates {@code text}; whitespace between fields may be any run of spaces or tabs.
     *
     * @throws InvalidCronExpressionException saying what is wrong, including an expression that matches no date at all
     *     ({@code 0 0 31 2 *})
     */
    public static CronExpression parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidCronExpressionException("must not be empty; e.g. '0 9 * * MON-FRI'");
        }
        if (text.length() > MAX_LENGTH) {
            throw new InvalidCronExpressionException(
                    "must be at most " + MAX_LENGTH + " characters, got " + text.length());
        }
        String expression = String.join(" ", text.strip().split("\\s+"));
        String fields = expression.startsWith("@") ? nickname(expression) : expression;
        String[] parts = fields.split(" ");
        if (parts.length != 5) {
            throw new InvalidCronExpressionException("must have 5 fields (minute hour day-of-month month day-of-week),"
                    + " got " + parts.length + ": '" + expression + "'");
        }
        Cron cron;
        try {
            // Month and day names are upper case to cron-utils; crontabs accept any case.
            cron = new CronParser(UNIX).parse(fields.toUpperCase(Locale.ROOT));
            cron.validate();
        } catch (IllegalArgumentException e) {
            throw new InvalidCronExpressionException("is not a valid cron expression: " + describe(e));
        }
        CronExpression parsed = new CronExpression(expression, ExecutionTime.forCron(cron), !parts[1].startsWith("*"));
        Instant reference = Instant.parse("2000-01-01T00:00:00Z");
        if (parsed.executionTime.nextExecution(reference.atZone(ZoneOffset.UTC)).isEmpty()) {
            throw new InvalidCronExpressionException("never fires: no date matches '" + expression + "'");
        }
        return parsed;
    }

    /** The expression as written, with runs of whitespace made single spaces; {@link #parse} reads it back. */
    public String expression() {
        return expression;
    }

    /** The first fire time strictly after {@code after}, in {@code zone}'s local time. */
    public Instant nextAfter(Instant after, ZoneId zone) {
        Instant regular = nextRegular(after, zone)
                .orElseThrow(() -> new IllegalStateException("'" + expression + "' has no fire time after " + after));
        if (!fixedHour) {
            return regular;
        }
        return firstSwallowingGap(after, regular, zone).orElse(regular);
    }

    /** The next {@code count} fire times after {@code after}. */
    public List<Instant> nextTimes(Instant after, ZoneId zone, int count) {
        List<Instant> times = new ArrayList<>(count);
        Instant time = after;
        for (int i = 0; i < count; i++) {
            time = nextAfter(time, zone);
            times.add(time);
        }
        return times;
    }

    /**
     * The latest fire time at or before {@code now}, given {@code known}, a fire time at or before {@code now}: for a
     * sweep that was down for a while and fires only the occurrence that is due last. Costs about as many steps as
     * there are fire times in the last hour, day, month or year (the first of these windows that has one).
     */
    public Instant latestAtOrBefore(Instant known, Instant now, ZoneId zone) {
        if (known.isAfter(now)) {
            throw new IllegalArgumentException("known fire time " + known + " is after " + now);
        }
        for (Duration window : LOOK_BACK) {
            Instant start = now.minus(window);
            if (!start.isAfter(known)) {
                break;
            }
            Instant latest = null;
            Instant time = nextAfter(start.minusNanos(1), zone);
            while (!time.isAfter(now)) {
                latest = time;
                time = nextAfter(time, zone);
            }
            if (latest != null) {
                return latest;
            }
        }
        Instant latest = known;
        for (Instant time = nextAfter(known, zone); !time.isAfter(now); time = nextAfter(time, zone)) {
            latest = time;
        }
        return latest;
    }

    /** cron-utils' next match, without the second pass through a repeated local hour for fixed-hour expressions. */
    private Optional<Instant> nextRegular(Instant after, ZoneId zone) {
        Instant cursor = after;
        for (int i = 0; i < MAX_SKIPPED_MATCHES; i++) {
            Optional<ZonedDateTime> next = executionTime.nextExecution(cursor.atZone(zone));
            if (next.isEmpty() || !fixedHour || !isSecondPassOfRepeatedHour(next.get())) {
                return next.map(ZonedDateTime::toInstant);
            }
            cursor = next.get().toInstant();
        }
        throw new IllegalStateException("'" + expression + "' keeps matching a repeated hour after " + after);
    }

    private static boolean isSecondPassOfRepeatedHour(ZonedDateTime time) {
        ZoneOffsetTransition transition = time.getZone().getRules().getTransition(time.toLocalDateTime());
        return transition != null && transition.isOverlap() && time.getOffset().equals(transition.getOffsetAfter());
    }

    /**
     * The first clocks-forward transition in {@code (after, until]} whose skipped local times include a match: the
     * occurrence the gap swallowed fires at the transition instant instead.
     */
    private Optional<Instant> firstSwallowingGap(Instant after, Instant until, ZoneId zone) {
        ZoneRules rules = zone.getRules();
        for (ZoneOffsetTransition transition = rules.nextTransition(after);
                transition != null && !transition.getInstant().isAfter(until);
                transition = rules.nextTransition(transition.getInstant())) {
            if (transition.isGap() && matchesLocallyWithin(transition.getDateTimeBefore(),
                    transition.getDateTimeAfter())) {
                return Optional.of(transition.getInstant());
            }
        }
        return Optional.empty();
    }

    /** Whether a local time in {@code [from, to)} matches, reading the fields without any time zone. */
    private boolean matchesLocallyWithin(LocalDateTime from, LocalDateTime to) {
        return executionTime.nextExecution(from.minusSeconds(1).atZone(ZoneOffset.UTC))
                .map(match -> match.toLocalDateTime().isBefore(to))
                .orElse(false);
    }

    private static String nickname(String expression) {
        String fields = NICKNAMES.get(expression.toLowerCase(Locale.ROOT));
        if (fields == null) {
            throw new InvalidCronExpressionException("'" + expression + "' is not a supported nickname; use one of "
                    + NICKNAMES.keySet().stream().sorted().toList() + " or 5 fields, e.g. '0 9 * * MON-FRI'");
        }
        return fields;
    }

    /** cron-utils' message without its generic preamble. */
    private static String describe(IllegalArgumentException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replace("Failed to parse cron expression. ", "").strip();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CronExpression cron && cron.expression.equals(expression);
    }

    @Override
    public int hashCode() {
        return expression.hashCode();
    }

    @Override
    public String toString() {
        return expression;
    }
}
