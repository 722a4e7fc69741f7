package dev.todo.common.recurrence;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.dmfs.rfc5545.recur.Freq;
import org.dmfs.rfc5545.recur.RecurrenceRule.Part;
import org.dmfs.rfc5545.recur.RecurrenceRule.WeekdayNum;

/**
 * The up-front cost check of a {@link RecurrenceRule} (issue 11): a static analysis of the rule's parts, made
 * before anything is expanded. It lives apart from {@link RecurrenceRule} because it is a job of its own (the
 * bounds below and their reasons) that needs nothing but the parsed lib-recur rule; the limits applied while a
 * rule is expanded stay in {@link RecurrenceRule}, where they are woven into the expansion loop.
 *
 * <p>lib-recur expands a rule one period at a time (a year of a YEARLY rule, a month of a MONTHLY rule, ...):
 * each part that expands multiplies the period's array of instances, each part that limits drops some of them
 * as they are made, and BYSETPOS picks from the finished array. The work of one expansion is
 * therefore (candidates per period) × (periods stepped through), and a valid RRULE with long BY* lists made
 * tens of millions of candidates for one year (an OutOfMemoryError in todo-api, and in recurring-service on
 * every redelivery). {@link RecurrenceRule#parse} checks the rule's cost from its parts alone, before anything
 * is expanded, and refuses a rule over a bound with a {@link RecurrenceTooCostlyException} naming the part (a
 * 400 for field {@code recurrence_pattern}):
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
 */
final class RecurrenceCost {

    /** Candidate instances one period of a rule may make (see the class comment for the formula). */
    static final int MAX_INSTANCES_PER_PERIOD = 1000;
    static final int MAX_BYSECOND_VALUES = 1;
    static final int MAX_BYMINUTE_VALUES = 4;
    /** The longest period ({@code INTERVAL} × FREQ) a rule may have. */
    static final int MAX_PERIOD_YEARS = 50;

    /** The largest INTERVAL per FREQ that keeps one period within {@link #MAX_PERIOD_YEARS} years. */
    private static final Map<Freq, Integer> MAX_INTERVAL = Map.of(
            Freq.YEARLY, MAX_PERIOD_YEARS,
            Freq.MONTHLY, MAX_PERIOD_YEARS * 12,
            Freq.WEEKLY, 2608, // 50 × 365.2425 / 7
            Freq.DAILY, 18262, // 50 × 365.2425
            Freq.HOURLY, 18262 * 24);

    private RecurrenceCost() {
    }

    /**
     * Items 1 to 3 of the class comment, from the rule's parts alone; {@link RecurrenceRule#parse} calls it for
     * every rule, presets included.
     *
     * @return the bound on candidate instances per period
     * @throws RecurrenceTooCostlyException naming the part over its bound
     */
    static long check(org.dmfs.rfc5545.recur.RecurrenceRule rule) {
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
}
