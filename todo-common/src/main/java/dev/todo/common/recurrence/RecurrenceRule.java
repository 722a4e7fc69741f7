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
import org.dmfs.rfc5545.recur.RecurrenceRule.Part;
import org.dmfs.rfc5545.recur.RecurrenceRule.RfcMode;
import org.dmfs.rfc5545.recur.RecurrenceRule.WeekdayNum;
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
 * lib-recur expands a rule one period at a time (a year of a YEARLY rule, a month of a MONTHLY rule, ...):
 * each part that expands multiplies the period's array of instances, each part that limits drops some of them
 * as they are made, and BYSETPOS picks from the finished array. The work of one expansion is
 * therefore (candidates per period) × (periods stepped through), and a valid RRULE with long BY* lists made
 * tens of millions of candidates for one year (an OutOfMemoryError in todo-api, and in recurring-service on
 * every redelivery). {@link #parse} checks the rule's cost from its parts alone, before anything is expanded,
 * and refuses a rule over a bound with a {@link RecurrenceTooCostlyException} naming the part (a 400 for
 * field {@code recurrence_pattern}):
 * <ol>
 * <li><b>Candidates per period</b>, at most {@value #MAX_INSTANCES_PER_PERIOD}: the product, over the parts
 * that RFC 5545's table (§3.3.10) marks "Expand" for the rule's FREQ, of how many instances the part makes of
 * one: BYMONTH (YEARLY) its months, BYWEEKNO (YEARLY) its weeks, BYYEARDAY (YEARLY) and BYMONTHDAY (YEARLY,
 * MONTHLY) their days, BYHOUR (DAILY and longer) its hours, BYMINUTE (HOURLY and longer) its minutes,
 * BYSECOND its seconds, and BYDAY (WEEKLY; MONTHLY without BYMONTHDAY; YEARLY without BYYEARDAY and
 * BYMONTHDAY) 1 for a weekday with an ordinal ({@code 1MO}, {@code -1FR}) and for a plain weekday the times it
 * occurs in its scope: 1 in a week (WEEKLY, or YEARLY with BYWEEKNO), 5 in a month (MONTHLY, or YEARLY with
 * BYMONTH), 53 in a year. Parts that limit count 1, and so does BYSETPOS: it picks from the candidates only
 * once they have all been made, so it shortens the result but not the work. Values count as often as they are
 * listed. The product may over-count (February has no 30th) but never under-counts what lib-recur makes;
 * {@code RecurrenceRuleCostPropertiesTest} checks it against lib-recur's output. 1000 is about ten times what
 * a real schedule needs: every weekday of a year at three times of day ({@code FREQ=YEARLY;BYDAY=MO,TU,WE,TH,FR;
 * BYHOUR=9,13,17}: 5×53 × 3 = 795) passes; the rule of issue 11 (12 × 7×5 × 24 × 60 × 60 = 36,288,000) does
 * not, and neither does an HOURLY rule with 60 minutes and 60 seconds.</li>
 * <li><b>BYSECOND</b> lists at most {@value #MAX_BYSECOND_VALUES} value and <b>BYMINUTE</b> at most
 * {@value #MAX_BYMINUTE_VALUES}: a task is due at a time of day, so one second is all it can use, and four
 * minutes allow quarter hours or "09:00 and 17:30" ({@code BYHOUR=9,17;BYMINUTE=0,30}). With SECONDLY and
 * MINUTELY refused, no rule makes more than four instances an hour from its time parts. These are checked
 * first, so the answer names the part rather than the product.</li>
 * <li><b>A period</b> ({@code INTERVAL} × FREQ) of at most {@value #MAX_PERIOD_YEARS} years: INTERVAL at most
 * 50 (YEARLY), 600 (MONTHLY), 2608 (WEEKLY), 18262 (DAILY), 438288 (HOURLY). lib-recur keeps the year in 18
 * bits, so a search running past the year 262143 wraps around to wrong dates (FREQ=YEARLY;INTERVAL=100000
 * does), and one of its searches for a match gives up after 1000 empty periods or 4320 filtered instances:
 * 4320 × 50 years = 216,000 years stays inside that range from any due date up to 9999, so a rule that never
 * matches ends in lib-recur's "too many empty recurrence sets" error instead. Nobody schedules a task less
 * often than every 50 years.</li>
 * </ol>
 * Every expansion ({@link #nextOccurrence}, {@link #preview}, {@link #requireExpandableFrom},
 * {@link #instancesAfter}) is bounded as well:
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
    /** Candidate instances one period of a rule may make (see the class comment for the formula). */
    public static final int MAX_INSTANCES_PER_PERIOD = 1000;
    public static final int MAX_BYSECOND_VALUES = 1;
    public static final int MAX_BYMINUTE_VALUES = 4;
    /** The longest period ({@code INTERVAL} × FREQ) a rule may have. */
    public static final int MAX_PERIOD_YEARS = 50;
    /** Periods lib-recur may step through from DTSTART to the date an expansion searches from. */
    public static final long MAX_PERIODS_SKIPPED = 2_000_000;
    /** Instances one expansion may take from lib-recur: a whole preview and one period before its start. */
    public static final int MAX_INSTANCES_PER_EXPANSION = MAX_PREVIEW + MAX_INSTANCES_PER_PERIOD;
    /** The last year a series reaches: instances after it end the series (the API stores no later dates). */
    public static final int MAX_YEAR = 9999;

    /** The largest INTERVAL per FREQ that keeps one period within {@link #MAX_PERIOD_YEARS} years. */
    private static final Map<Freq, Integer> MAX_INTERVAL = Map.of(
            Freq.YEARLY, MAX_PERIOD_YEARS,
            Freq.MONTHLY, MAX_PERIOD_YEARS * 12,
            Freq.WEEKLY, 2608, // 50 × 365.2425 / 7
            Freq.DAILY, 18262, // 50 × 365.2425
            Freq.HOURLY, 18262 * 24);

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
    /** The bound on candidate instances per period this rule was admitted with (class comment, item 1). */
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
            return new RecurrenceRule(pattern, true, presetRule, null, parsed, requireAffordable(parsed));
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
        long instancesPerPeriod = requireAffordable(parsed);
        String withoutCount = Arrays.stream(rrule.split(";"))
                .filter(part -> !part.startsWith("COUNT="))
                .collect(Collectors.joining(";"));
        RecurrenceRule rule = new RecurrenceRule(pattern, false, withoutCount, count, parsed, instancesPerPeriod);
        // Expand once from a fixed start: rules that parse but can never produce a date (BYMONTH=2;BYMONTHDAY=30)
        // or mix date and date-time values are rejected here rather than when a task completes.
        rule.requireExpandableFrom(ZonedDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
        return rule;
    }

    /**
     * Items 1 to 3 of the class comment, from the rule's parts alone.
     *
     * @return the bound on candidate instances per period
     * @throws RecurrenceTooCostlyException naming the part over its bound
     */
    private static long requireAffordable(org.dmfs.rfc5545.recur.RecurrenceRule rule) {
        Freq freq = rule.getFreq();
        int seconds = size(rule, Part.BYSECOND);
        if (seconds > MAX_BYSECOND_VALUES) {
            throw new RecurrenceTooCostlyException("BYSECOND", "recurrence_pattern: BYSECOND may list at most "
                    + MAX_BYSECOND_VALUES + " value (it lists " + seconds + ")");
        }
        int minutes = size(rule, Part.BYMINUTE);
        if (minutes > MAX_BYMINUTE_VALUES) {
            throw new RecurrenceTooCostlyException("BYMINUTE", "recurrence_pattern: BYMINUTE may list at most "
                    + MAX_BYMINUTE_VALUES + " values (it lists " + minutes + ")");
        }
        int maxInterval = MAX_INTERVAL.get(freq);
        if (rule.getInterval() > maxInterval) {
            throw new RecurrenceTooCostlyException("INTERVAL", "recurrence_pattern: INTERVAL may be at most "
                    + maxInterval + " with FREQ=" + freq + " (a period of at most " + MAX_PERIOD_YEARS + " years)");
        }
        List<String> parts = new ArrayList<>();
        List<Long> factors = new ArrayList<>();
        for (Map.Entry<String, Long> factor : expandingFactors(rule)) {
            parts.add(factor.getKey());
            factors.add(factor.getValue());
        }
        long product = 1;
        for (long factor : factors) {
            product = multiplySaturated(product, factor);
        }
        if (product > MAX_INSTANCES_PER_PERIOD) {
            String formula = String.join(" × ", parts) + " = "
                    + factors.stream().map(String::valueOf).collect(Collectors.joining(" × ")) + " = " + product;
            throw new RecurrenceTooCostlyException("BY*", "recurrence_pattern: at most " + MAX_INSTANCES_PER_PERIOD
                    + " instances per period (FREQ=" + freq + ": " + formula + ")");
        }
        return product;
    }

    /**
     * The factors of item 1 of the class comment: each part that expands for the rule's FREQ with how many
     * instances it makes of one, in rule order. Parts that limit are left out (they count 1).
     */
    private static List<Map.Entry<String, Long>> expandingFactors(org.dmfs.rfc5545.recur.RecurrenceRule rule) {
        Freq freq = rule.getFreq();
        boolean yearly = freq == Freq.YEARLY;
        boolean monthly = freq == Freq.MONTHLY;
        boolean weekly = freq == Freq.WEEKLY;
        boolean daily = freq == Freq.DAILY;
        List<Map.Entry<String, Long>> factors = new ArrayList<>();
        if (yearly) {
            add(factors, "BYMONTH", size(rule, Part.BYMONTH));
            add(factors, "BYWEEKNO", size(rule, Part.BYWEEKNO));
            add(factors, "BYYEARDAY", size(rule, Part.BYYEARDAY));
        }
        if (yearly || monthly) {
            add(factors, "BYMONTHDAY", size(rule, Part.BYMONTHDAY));
        }
        List<WeekdayNum> days = rule.getByDayPart();
        boolean dayExpands = weekly
                || (monthly && !rule.hasPart(Part.BYMONTHDAY))
                || (yearly && !rule.hasPart(Part.BYYEARDAY) && !rule.hasPart(Part.BYMONTHDAY));
        if (days != null && dayExpands) {
            // how often a weekday without an ordinal occurs in the scope BYDAY expands in (RFC 5545 note 2)
            int timesInScope = weekly || rule.hasPart(Part.BYWEEKNO) ? 1 : monthly || rule.hasPart(Part.BYMONTH) ? 5 : 53;
            long instances = 0;
            for (WeekdayNum day : days) {
                instances += day.pos == 0 ? timesInScope : 1;
            }
            add(factors, "BYDAY", instances);
        }
        if (yearly || monthly || weekly || daily) {
            add(factors, "BYHOUR", size(rule, Part.BYHOUR));
        }
        add(factors, "BYMINUTE", size(rule, Part.BYMINUTE));
        add(factors, "BYSECOND", size(rule, Part.BYSECOND));
        return factors;
    }

    private static void add(List<Map.Entry<String, Long>> factors, String part, long instances) {
        if (instances > 0) {
            factors.add(Map.entry(part, instances));
        }
    }

    private static int size(org.dmfs.rfc5545.recur.RecurrenceRule rule, Part part) {
        List<?> values = part == Part.BYDAY ? rule.getByDayPart() : rule.getByPart(part);
        return values == null ? 0 : values.size();
    }

    private static long multiplySaturated(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long product = a * b;
        return high != 0 || product < 0 ? Long.MAX_VALUE : product;
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
