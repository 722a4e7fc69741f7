package dev.todo.common.recurrence;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;
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
 */
public final class RecurrenceRule {

    public static final int MAX_PATTERN_LENGTH = 500;
    public static final int MAX_PREVIEW = 100;

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

    private RecurrenceRule(String pattern, boolean preset, String expansionRule, Integer count) {
        this.pattern = pattern;
        this.preset = preset;
        this.expansionRule = expansionRule;
        this.count = count;
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
            return new RecurrenceRule(pattern, true, presetRule, null);
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
        String withoutCount = Arrays.stream(rrule.split(";"))
                .filter(part -> !part.startsWith("COUNT="))
                .collect(Collectors.joining(";"));
        RecurrenceRule rule = new RecurrenceRule(pattern, false, withoutCount, count);
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
     * wall-clock time) that lie strictly after {@code after}, ignoring COUNT.
     */
    public List<ZonedDateTime> instancesAfter(ZonedDateTime start, Instant after, int limit) {
        ZoneId zone = start.getZone();
        try {
            RecurrenceRuleIterator iterator = iterator(start);
            iterator.fastForward(after.toEpochMilli() + 1);
            List<ZonedDateTime> result = new ArrayList<>(limit);
            while (result.size() < limit && iterator.hasNext()) {
                long millis = iterator.nextMillis();
                if (millis > after.toEpochMilli()) {
                    result.add(Instant.ofEpochMilli(millis).atZone(zone));
                }
            }
            return result;
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            // lib-recur reports rules that never match ("too many empty recurrence sets") or that mix
            // all-day and date-time values this way.
            throw new InvalidRecurrenceException("recurrence_pattern cannot be expanded: " + e.getMessage(), e);
        }
    }

    private RecurrenceRuleIterator iterator(ZonedDateTime start) {
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
