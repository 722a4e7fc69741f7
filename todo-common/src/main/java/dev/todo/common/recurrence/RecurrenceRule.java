package dev.todo.common.recurrence;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.dmfs.rfc5545.DateTime;
import org.dmfs.rfc5545.recur.Freq;
import org.dmfs.rfc5545.recur.InvalidRecurrenceRuleException;
import org.dmfs.rfc5545.recur.RecurrenceRule.RfcMode;
import org.dmfs.rfc5545.recur.RecurrenceRuleIterator;

/**
 * A task's recurrence: one of the presets or an RFC 5545 RRULE, expanded by lib-recur in the task's zone so
 * wall-clock time survives daylight-saving changes. todo-api (preview, validation) and recurring-service
 * (next occurrence) use this same class, so both always agree on dates.
 *
 * <p>Presets keep the day of month the way people expect: they expand with RFC 7529 {@code RSCALE=GREGORIAN;
 * SKIP=BACKWARD}, so "monthly" from the 31st falls on the last day of shorter months and "yearly" from
 * February 29 on February 28. Explicit RRULEs are expanded exactly as written ({@code BYMONTHDAY=31} skips
 * shorter months).
 *
 * <p>{@code COUNT} limits the number of occurrences (tasks) in the series, counted by the occurrence number;
 * instances skipped because they were already in the past do not use it up. {@code UNTIL} ends the schedule.
 *
 * <h2>Cost bounds (issue 11)</h2>
 * {@link #parse} refuses a rule whose parts alone make it too costly to expand, before anything is expanded:
 * {@link RecurrenceCost} holds that check and documents its bounds (candidates per period, BYSECOND and
 * BYMINUTE, the period {@code INTERVAL} × FREQ); its constants are repeated here because they are public API.
 *
 * <p>Every expansion ({@link #nextOccurrence}, {@link #preview}, {@link #requireExpandableFrom},
 * {@link #instancesAfter}) is bounded as well, by limits that stay in this class because they are applied
 * while expanding:
 * <ul>
 * <li>lib-recur fast-forwards from DTSTART to the date searched from one period at a time (YEARLY in one
 * step): at most {@value #MAX_PERIODS_SKIPPED} periods, one cheap step each (an hourly series started in 1900,
 * todo-api's earliest due date, is 1.1 million hours before 2026), else {@link RecurrenceTooCostlyException}.</li>
 * <li>At most {@value #MAX_INSTANCES_PER_EXPANSION} instances are taken from lib-recur per expansion (a preview
 * of {@value #MAX_PREVIEW} plus one period of instances before the date searched from), else
 * {@link RecurrenceTooCostlyException}.</li>
 * <li>Instances after the year {@value #MAX_YEAR} in the task's zone end the series: the API stores no later
 * due dates, and a large INTERVAL would otherwise walk toward lib-recur's wrap.</li>
 * <li>A rule that rarely or never matches costs at most lib-recur's own search: it gives up after 1000 empty
 * periods (4320 at FREQ level), which this class reports as {@link InvalidRecurrenceException} ("cannot be
 * expanded"). {@link #parse} expands once from a fixed start and todo-api again from the due date, so a rule
 * that never matches is refused when the task is written. A rule whose matches lie further apart than that
 * search ({@code FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=29} between two leap years) can still fail later where it is
 * expanded: the occurrence preview answers 400 and recurring-service drops the event instead of retrying it.</li>
 * </ul>
 */
public final class RecurrenceRule {

    public static final int MAX_PATTERN_LENGTH = 500;
    public static final int MAX_PREVIEW = 100;
    /** Candidate instances one period of a rule may make ({@link RecurrenceCost} gives the formula). */
    public static final int MAX_INSTANCES_PER_PERIOD = RecurrenceCost.MAX_INSTANCES_PER_PERIOD;
    /** See {@link RecurrenceCost}, item 2. */
    public static final int MAX_BYSECOND_VALUES = RecurrenceCost.MAX_BYSECOND_VALUES;
    /** See {@link RecurrenceCost}, item 2. */
    public static final int MAX_BYMINUTE_VALUES = RecurrenceCost.MAX_BYMINUTE_VALUES;
    /** The longest period ({@code INTERVAL} × FREQ) a rule may have ({@link RecurrenceCost}, item 3). */
    public static final int MAX_PERIOD_YEARS = RecurrenceCost.MAX_PERIOD_YEARS;
    /** Periods lib-recur may step through from DTSTART to the date an expansion searches from. */
    public static final long MAX_PERIODS_SKIPPED = 2_000_000;
    /** Instances one expansion may take from lib-recur: a whole preview and one period before its start. */
    public static final int MAX_INSTANCES_PER_EXPANSION = MAX_PREVIEW + MAX_INSTANCES_PER_PERIOD;
    /** The last year a series reaches: instances after it end the series (the API stores no later dates). */
    public static final int MAX_YEAR = 9999;

    private static final Map<Freq, ChronoUnit> PERIOD_UNIT = Map.of(
            Freq.YEARLY, ChronoUnit.YEARS,
            Freq.MONTHLY, ChronoUnit.MONTHS,
            Freq.WEEKLY, ChronoUnit.WEEKS,
            Freq.DAILY, ChronoUnit.DAYS,
            Freq.HOURLY, ChronoUnit.HOURS);

    private static final Map<String, String> PRESETS = Map.of(
            "daily", "FREQ=DAILY",
            "weekdays", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
            "weekly", "FREQ=WEEKLY",
            "monthly", "FREQ=MONTHLY;RSCALE=GREGORIAN;SKIP=BACKWARD",
            "yearly", "FREQ=YEARLY;RSCALE=GREGORIAN;SKIP=BACKWARD");

    private final String pattern;
    private final boolean preset;
    /** The rule lib-recur expands: the preset's or the user's RRULE, without COUNT (see class comment). */
    private final String expansionRule;
    private final Integer count;
    private final Freq freq;
    private final int interval;
    /** The bound on candidate instances per period this rule was admitted with ({@link RecurrenceCost}, item 1). */
    private final long instancesPerPeriod;
    /** Instances taken from lib-recur by this rule's expansions so far; tests measure the work with it. */
    private final LongAdder instancesTaken = new LongAdder();

    private RecurrenceRule(String pattern, boolean preset, String expansionRule, Integer count,
            org.dmfs.rfc5545.recur.RecurrenceRule parsed, long instancesPerPeriod) {
        this.pattern = pattern;
        this.preset = preset;
        this.expansionRule = expansionRule;
        this.count = count;
        this.freq = parsed.getFreq();
        this.interval = parsed.getInterval();
        this.instancesPerPeriod = instancesPerPeriod;
    }

    /**
     * @param pattern a preset ({@code daily|weekdays|weekly|monthly|yearly}) or an RRULE with or without the
     *                {@code RRULE:} prefix
     * @throws InvalidRecurrenceException with a message fit for a 400 answer
     */
    public static RecurrenceRule parse(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            throw new InvalidRecurrenceException("recurrence_pattern must not be blank");
        }
        if (pattern.length() > MAX_PATTERN_LENGTH) {
            throw new InvalidRecurrenceException(
                    "recurrence_pattern must be at most " + MAX_PATTERN_LENGTH + " characters");
        }
        String trimmed = pattern.trim();
        String presetRule = PRESETS.get(trimmed.toLowerCase(Locale.ROOT));
        if (presetRule != null) {
            org.dmfs.rfc5545.recur.RecurrenceRule parsed = parseStrict(presetRule);
            return new RecurrenceRule(pattern, true, presetRule, null, parsed, RecurrenceCost.check(parsed));
        }
        String rrule = trimmed.toUpperCase(Locale.ROOT);
        if (rrule.startsWith("RRULE:")) {
            rrule = rrule.substring("RRULE:".length());
        }
        org.dmfs.rfc5545.recur.RecurrenceRule parsed = parseStrict(rrule);
        if (parsed.getFreq() == Freq.SECONDLY || parsed.getFreq() == Freq.MINUTELY) {
            throw new InvalidRecurrenceException(
                    "recurrence_pattern: FREQ=" + parsed.getFreq() + " is too frequent for tasks; use HOURLY or longer");
        }
        Integer count = parsed.getCount();
        if (count != null && count < 1) {
            throw new InvalidRecurrenceException("recurrence_pattern: COUNT must be at least 1");
        }
        long instancesPerPeriod = RecurrenceCost.check(parsed);
        String withoutCount = Arrays.stream(rrule.split(";"))
                .filter(part -> !part.startsWith("COUNT="))
                .collect(Collectors.joining(";"));
        RecurrenceRule rule = new RecurrenceRule(pattern, false, withoutCount, count, parsed, instancesPerPeriod);
        // Expand once from a fixed start: rules that parse but can never produce a date (BYMONTH=2;BYMONTHDAY=30)
        // or mix date and date-time values are rejected here rather than when a task completes.
        rule.requireExpandableFrom(ZonedDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
        return rule;
    }

    private static org.dmfs.rfc5545.recur.RecurrenceRule parseStrict(String rrule) {
        try {
            return new org.dmfs.rfc5545.recur.RecurrenceRule(rrule, RfcMode.RFC5545_STRICT);
        } catch (InvalidRecurrenceRuleException | RuntimeException e) {
            throw new InvalidRecurrenceException(
                    "recurrence_pattern is neither a preset (daily, weekdays, weekly, monthly, yearly) nor a valid "
                            + "RFC 5545 RRULE: " + e.getMessage(), e);
        }
    }

    /** The pattern exactly as given. */
    public String pattern() {
        return pattern;
    }

    public boolean isPreset() {
        return preset;
    }

    /** The RRULE's COUNT: the number of occurrences the series has at most; empty when unlimited. */
    public Optional<Integer> count() {
        return Optional.ofNullable(count);
    }

    /** The bound on candidate instances per period this rule was admitted with (5 for weekdays, else 1 for a preset). */
    long instancesPerPeriod() {
        return instancesPerPeriod;
    }

    /** The RRULE lib-recur expands: the preset's or the user's, without COUNT. */
    String expansionRule() {
        return expansionRule;
    }

    /** How many instances this rule's expansions have taken from lib-recur so far. */
    long instancesTaken() {
        return instancesTaken.sum();
    }

    /**
     * Checks that the rule can be expanded from this start (for example a floating UNTIL with a zoned start is
     * not allowed by RFC 5545).
     *
     * @throws InvalidRecurrenceException otherwise
     */
    public void requireExpandableFrom(ZonedDateTime start) {
        instancesAfter(start, start.toInstant().minusSeconds(1), 1);
    }

    /**
     * The next occurrence once this one is completed at {@code completedAt}: the first instance after the
     * previous due date (anchor due) or after the completion time at the series' time of day (anchor
     * completion), and never before now: missed instances are skipped.
     *
     * @return empty when the series has ended (COUNT reached or UNTIL passed)
     */
    public Optional<ScheduledOccurrence> nextOccurrence(Series series, Instant completedAt, Clock clock) {
        int next = series.occurrence() + 1;
        if (count != null && next > count) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        ZonedDateTime start;
        Instant after;
        if (series.anchor() == RecurrenceAnchor.COMPLETION) {
            Instant completion = completedAt != null ? completedAt : now;
            start = atSeriesTimeOfDay(series, completion);
            // The schedule restarts on the completion day, and that day's own instance is the one just done:
            // the next one is a full period later even when the completion came before its time of day.
            after = latest(latest(completion, now), start.toInstant());
        } else {
            start = series.scheduleStart().atZone(series.zone());
            after = latest(series.dueAt(), now);
        }
        List<ZonedDateTime> instances = instancesAfter(start, after, 1);
        return instances.stream().findFirst().map(due -> new ScheduledOccurrence(next, due));
    }

    /**
     * The due dates the next {@code n} occurrences would get if each were completed when due (or now, if
     * that is later), numbered from the occurrence after this one and ending with the series.
     */
    public List<ScheduledOccurrence> preview(Series series, int n, Clock clock) {
        if (n < 1 || n > MAX_PREVIEW) {
            throw new IllegalArgumentException("count must be between 1 and " + MAX_PREVIEW);
        }
        int limit = n;
        if (count != null) {
            limit = Math.max(0, Math.min(n, count - series.occurrence()));
        }
        if (limit == 0) {
            return List.of();
        }
        Instant after = latest(series.dueAt(), clock.instant());
        ZonedDateTime start = series.anchor() == RecurrenceAnchor.COMPLETION
                ? atSeriesTimeOfDay(series, after)
                : series.scheduleStart().atZone(series.zone());
        List<ZonedDateTime> instances = instancesAfter(start, after, limit);
        List<ScheduledOccurrence> result = new ArrayList<>(instances.size());
        for (int i = 0; i < instances.size(); i++) {
            result.add(new ScheduledOccurrence(series.occurrence() + 1 + i, instances.get(i)));
        }
        return result;
    }

    /**
     * Up to {@code limit} instances of the schedule starting at {@code start} (DTSTART, whose zone gives the
     * wall-clock time) that lie strictly after {@code after}, ignoring COUNT, and none after the year
     * {@value #MAX_YEAR}; strictly increasing (two wall-clock times that fall on one instant across a
     * daylight-saving change give one date). A start outside the years 1 to {@value #MAX_YEAR} is refused.
     *
     * @param limit 1 to {@value #MAX_PREVIEW}
     * @throws InvalidRecurrenceException when the rule cannot be expanded from this start, or
     *         {@link RecurrenceTooCostlyException} when it would cost more than the bounds of the class comment
     */
    public List<ZonedDateTime> instancesAfter(ZonedDateTime start, Instant after, int limit) {
        if (limit < 1 || limit > MAX_PREVIEW) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_PREVIEW);
        }
        ZoneId zone = start.getZone();
        if (start.getYear() < 1 || start.getYear() > MAX_YEAR) {
            // lib-recur packs the year into 18 bits and would expand a wrapped-around date
            throw new InvalidRecurrenceException("recurrence_pattern cannot be expanded from " + start.toLocalDate()
                    + ": series are expanded between the years 1 and " + MAX_YEAR);
        }
        if (after.atZone(zone).getYear() > MAX_YEAR) {
            return List.of();
        }
        requireFewPeriodsBetween(start, after);
        long lastMillis = after.toEpochMilli();
        int taken = 0;
        try {
            RecurrenceRuleIterator iterator = iterator(start);
            iterator.fastForward(lastMillis + 1);
            List<ZonedDateTime> result = new ArrayList<>(limit);
            while (result.size() < limit && iterator.hasNext()) {
                if (taken == MAX_INSTANCES_PER_EXPANSION) {
                    throw new RecurrenceTooCostlyException("BY*", "recurrence_pattern: finding " + limit
                            + " dates took more than " + MAX_INSTANCES_PER_EXPANSION + " instances");
                }
                taken++;
                long millis = iterator.nextMillis();
                ZonedDateTime instance = Instant.ofEpochMilli(millis).atZone(zone);
                if (instance.getYear() > MAX_YEAR) {
                    break; // lib-recur's instances only increase: the series ends here
                }
                // strictly increasing: a wall-clock time that does not exist on the spring-forward day moves an
                // hour later, onto the next instance of an HOURLY rule, and that date is only scheduled once
                if (millis > lastMillis) {
                    result.add(instance);
                    lastMillis = millis;
                }
            }
            return result;
        } catch (InvalidRecurrenceException e) {
            throw e;
        } catch (IllegalArgumentException | IllegalStateException | ArrayIndexOutOfBoundsException e) {
            // lib-recur reports rules that never match ("too many empty recurrence sets", an
            // IllegalStateException when BYSETPOS finds nothing) or that mix all-day and date-time values this way.
            throw new InvalidRecurrenceException("recurrence_pattern cannot be expanded: " + e.getMessage(), e);
        } finally {
            instancesTaken.add(taken);
        }
    }

    /** The fast-forward bound of the class comment: periods between DTSTART and the date searched from. */
    private void requireFewPeriodsBetween(ZonedDateTime start, Instant after) {
        ZonedDateTime from = after.atZone(start.getZone());
        if (!from.isAfter(start)) {
            return;
        }
        long periods = PERIOD_UNIT.get(freq).between(start.toLocalDateTime(), from.toLocalDateTime()) / interval;
        if (periods > MAX_PERIODS_SKIPPED) {
            throw new RecurrenceTooCostlyException("DTSTART", "recurrence_pattern: the date searched from is "
                    + periods + " periods (FREQ=" + freq + ";INTERVAL=" + interval + ") after the series start; at most "
                    + MAX_PERIODS_SKIPPED + " are stepped through");
        }
    }

    /** The lib-recur iterator every expansion uses (package-private so tests can measure what it makes). */
    RecurrenceRuleIterator iterator(ZonedDateTime start) {
        TimeZone timeZone = TimeZone.getTimeZone(start.getZone());
        org.dmfs.rfc5545.recur.RecurrenceRule rule = parseStrict(expansionRule);
        DateTime until = rule.getUntil();
        if (until != null && until.isAllDay()) {
            // UNTIL as a DATE means "through that day" in the task's zone.
            rule.setUntil(new DateTime(timeZone, until.getYear(), until.getMonth(), until.getDayOfMonth(), 23, 59, 59));
        }
        DateTime dtStart = new DateTime(timeZone, start.getYear(), start.getMonthValue() - 1, start.getDayOfMonth(),
                start.getHour(), start.getMinute(), start.getSecond());
        return rule.iterator(dtStart);
    }

    private static ZonedDateTime atSeriesTimeOfDay(Series series, Instant day) {
        LocalTime timeOfDay = series.scheduleStart().atZone(series.zone()).toLocalTime();
        return day.atZone(series.zone()).toLocalDate().atTime(timeOfDay).atZone(series.zone());
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    @Override
    public String toString() {
        return pattern;
    }
}
