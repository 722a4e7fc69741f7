package dev.todo.common.recurrence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cost bounds of {@link RecurrenceRule} (issue 11): realistic rules pass with the per-period bound the
 * class comment's formula gives, costly ones are refused before anything is expanded, naming the part.
 */
class RecurrenceRuleCostTest {

    private static final ZoneId UTC = ZoneOffset.UTC;

    private static String range(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(String::valueOf).collect(Collectors.joining(","));
    }

    /** The rule of issue 11: valid RFC 5545, 500 characters, 36,288,000 candidates per year. */
    static final String ISSUE_RULE = "FREQ=YEARLY;BYMONTH=" + range(1, 12) + ";BYDAY=MO,TU,WE,TH,FR,SA,SU;BYHOUR="
            + range(0, 23) + ";BYMINUTE=" + range(0, 59) + ";BYSECOND=" + range(0, 59);

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("daily", 1),
                Arguments.of("weekdays", 5),
                Arguments.of("weekly", 1),
                Arguments.of("monthly", 1),
                Arguments.of("yearly", 1),
                Arguments.of("FREQ=DAILY", 1),
                Arguments.of("FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=9,17", 2 * 2),
                Arguments.of("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;BYHOUR=9,17;BYMINUTE=0,30", 2 * 2 * 2),
                Arguments.of("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=8,12,16,20;BYMINUTE=0,15,30,45;BYSECOND=0", 5 * 4 * 4),
                Arguments.of("FREQ=DAILY;BYHOUR=8,12,18;BYMINUTE=0;BYSECOND=0", 3),
                Arguments.of("FREQ=DAILY;BYHOUR=" + range(0, 23) + ";BYMINUTE=0,15,30,45", 24 * 4),
                Arguments.of("FREQ=HOURLY;BYMINUTE=0,15,30,45", 4),
                Arguments.of("FREQ=HOURLY;INTERVAL=6;BYDAY=MO,TU,WE,TH,FR", 1),
                // the last weekday of the month: 5 weekdays × 5 a month, BYSETPOS picks one
                Arguments.of("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", 5 * 5),
                Arguments.of("FREQ=MONTHLY;BYDAY=-1FR", 1),
                Arguments.of("FREQ=MONTHLY;BYMONTHDAY=1,15;BYHOUR=9", 2),
                Arguments.of("FREQ=MONTHLY;BYMONTHDAY=-1;BYDAY=FR", 1),
                Arguments.of("FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1", 4),
                Arguments.of("FREQ=YEARLY;BYMONTH=" + range(1, 12) + ";BYDAY=1MO", 12),
                Arguments.of("FREQ=YEARLY;BYMONTH=11;BYDAY=4TH", 1),
                Arguments.of("FREQ=YEARLY;BYMONTH=1,7;BYDAY=MO", 2 * 5),
                Arguments.of("FREQ=YEARLY;BYWEEKNO=1,27;BYDAY=MO", 2),
                Arguments.of("FREQ=YEARLY;BYYEARDAY=1,100,200", 3),
                Arguments.of("FREQ=YEARLY;BYMONTH=" + range(1, 12) + ";BYMONTHDAY=" + range(1, 31), 12 * 31),
                // every weekday of the year at three times, as a YEARLY rule: 5 × 53 × 3
                Arguments.of("FREQ=YEARLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9,13,17", 795),
                Arguments.of("FREQ=YEARLY;INTERVAL=50", 1),
                Arguments.of("FREQ=MONTHLY;INTERVAL=600", 1),
                Arguments.of("FREQ=WEEKLY;INTERVAL=2608", 1),
                Arguments.of("FREQ=DAILY;INTERVAL=18262", 1),
                Arguments.of("FREQ=HOURLY;INTERVAL=438288", 1),
                Arguments.of("FREQ=DAILY;COUNT=1000000", 1),
                Arguments.of("FREQ=DAILY;UNTIL=99991231T235959Z", 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void acceptsRealisticRulesWithTheirBound(String pattern, long instancesPerPeriod) {
        RecurrenceRule rule = RecurrenceRule.parse(pattern);

        assertThat(rule.instancesPerPeriod()).isEqualTo(instancesPerPeriod);
        assertThat(rule.instancesPerPeriod()).isLessThanOrEqualTo(RecurrenceRule.MAX_INSTANCES_PER_PERIOD);
        Series series = new Series(UTC, null, Instant.parse("2026-03-02T09:00:00Z"), 1, RecurrenceAnchor.DUE);
        assertThat(rule.preview(series, RecurrenceRule.MAX_PREVIEW, Clock.fixed(series.dueAt(), UTC))).isNotEmpty();
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("the rule of issue 11", ISSUE_RULE, "BYSECOND", "BYSECOND may list at most 1 value"),
                Arguments.of("per-second instances from an HOURLY rule",
                        "FREQ=HOURLY;BYMINUTE=" + range(0, 59) + ";BYSECOND=" + range(0, 59), "BYSECOND",
                        "BYSECOND may list at most 1 value (it lists 60)"),
                Arguments.of("two seconds", "FREQ=DAILY;BYSECOND=0,30", "BYSECOND", "at most 1 value"),
                Arguments.of("per-minute instances from a YEARLY rule",
                        "FREQ=YEARLY;BYHOUR=" + range(0, 23) + ";BYMINUTE=" + range(0, 59), "BYMINUTE",
                        "BYMINUTE may list at most 4 values (it lists 60)"),
                Arguments.of("five minutes", "FREQ=WEEKLY;BYMINUTE=0,10,20,30,40", "BYMINUTE", "at most 4 values"),
                Arguments.of("every day of the year at three hours",
                        "FREQ=YEARLY;BYDAY=MO,TU,WE,TH,FR,SA,SU;BYHOUR=0,1,2", "BY*",
                        "at most 1000 instances per period (FREQ=YEARLY: BYDAY × BYHOUR = 371 × 3 = 1113)"),
                Arguments.of("BYSETPOS does not lower the bound",
                        "FREQ=YEARLY;BYDAY=MO,TU,WE,TH,FR,SA,SU;BYHOUR=0,1,2;BYSETPOS=1", "BY*", "= 1113)"),
                Arguments.of("every month day at every hour",
                        "FREQ=MONTHLY;BYMONTHDAY=" + range(1, 31) + ";BYHOUR=" + range(0, 23) + ";BYMINUTE=0,30",
                        "BY*", "BYMONTHDAY × BYHOUR × BYMINUTE = 31 × 24 × 2 = 1488"),
                Arguments.of("every day of the year by months and month days at four times",
                        "FREQ=YEARLY;BYMONTH=" + range(1, 12) + ";BYMONTHDAY=" + range(1, 31)
                                + ";BYHOUR=9,17;BYMINUTE=0,30", "BY*",
                        "BYMONTH × BYMONTHDAY × BYHOUR × BYMINUTE = 12 × 31 × 2 × 2 = 1488"),
                Arguments.of("weeks × days × hours", "FREQ=YEARLY;BYWEEKNO=" + range(1, 53)
                        + ";BYDAY=MO,TU,WE,TH,FR,SA,SU;BYHOUR=9,12,17", "BY*",
                        "BYWEEKNO × BYDAY × BYHOUR = 53 × 7 × 3 = 1113"),
                Arguments.of("repeated values count as listed", "FREQ=YEARLY;BYDAY=" + "MO,".repeat(19) + "MO;BYHOUR=9",
                        "BY*", "BYDAY × BYHOUR = 1060 × 1 = 1060"),
                Arguments.of("a century between yearly instances", "FREQ=YEARLY;INTERVAL=100", "INTERVAL",
                        "INTERVAL may be at most 50 with FREQ=YEARLY (a period of at most 50 years)"),
                Arguments.of("INTERVAL=1000 years", "FREQ=YEARLY;INTERVAL=1000", "INTERVAL", "at most 50"),
                Arguments.of("51 years", "FREQ=YEARLY;INTERVAL=51", "INTERVAL", "at most 50"),
                Arguments.of("601 months", "FREQ=MONTHLY;INTERVAL=601", "INTERVAL", "at most 600"),
                Arguments.of("2609 weeks", "FREQ=WEEKLY;INTERVAL=2609", "INTERVAL", "at most 2608"),
                Arguments.of("18263 days", "FREQ=DAILY;INTERVAL=18263", "INTERVAL", "at most 18262"),
                Arguments.of("438289 hours", "FREQ=HOURLY;INTERVAL=438289", "INTERVAL", "at most 438288"),
                Arguments.of("the largest INTERVAL", "FREQ=HOURLY;INTERVAL=2147483647", "INTERVAL", "at most"),
                // checked before the probe expansion: this one never matches either, and is refused for its cost
                Arguments.of("costly and never matching", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30;BYSECOND=0,1",
                        "BYSECOND", "BYSECOND"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusesCostlyRulesNamingThePart(String name, String pattern, String part, String message) {
        assertThat(pattern.length()).isLessThanOrEqualTo(RecurrenceRule.MAX_PATTERN_LENGTH);

        assertThatThrownBy(() -> RecurrenceRule.parse(pattern))
                .isInstanceOfSatisfying(RecurrenceTooCostlyException.class,
                        e -> assertThat(e.rulePart()).isEqualTo(part))
                .isInstanceOf(InvalidRecurrenceException.class)
                .hasMessageStartingWith("recurrence_pattern: ")
                .hasMessageContaining(message);
    }

    @Test
    void theIssueRuleIsAValidRrule() {
        assertThat(ISSUE_RULE).hasSize(500);
        assertThat(RecurrenceRule.parse("FREQ=YEARLY;BYMONTH=" + range(1, 12) + ";BYDAY=MO,TU,WE,TH,FR,SA,SU;BYHOUR=9"))
                .isNotNull();
    }

    @Test
    void aRuleThatNeverMatchesIsRefusedWhenParsed() {
        assertThatThrownBy(() -> RecurrenceRule.parse("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"))
                .isInstanceOf(InvalidRecurrenceException.class)
                .hasMessageContaining("cannot be expanded");
        // BYSETPOS finding nothing is lib-recur's IllegalStateException: still a 400, not a 500
        assertThatThrownBy(() -> RecurrenceRule.parse("FREQ=MONTHLY;BYMONTHDAY=1;BYSETPOS=2"))
                .isInstanceOf(InvalidRecurrenceException.class)
                .hasMessageContaining("cannot be expanded");
    }

    @Test
    void anHourlySeriesStartedInNineteenHundredStillPreviews() {
        RecurrenceRule rule = RecurrenceRule.parse("FREQ=HOURLY");
        Series series = new Series(UTC, null, Instant.parse("1900-01-01T00:00:00Z"), 1, RecurrenceAnchor.DUE);

        List<ScheduledOccurrence> preview = rule.preview(series, 3, Clock.fixed(Instant.parse("2026-03-02T09:30:00Z"), UTC));

        assertThat(preview).extracting(ScheduledOccurrence::dueAt).containsExactly(
                Instant.parse("2026-03-02T10:00:00Z"), Instant.parse("2026-03-02T11:00:00Z"),
                Instant.parse("2026-03-02T12:00:00Z"));
    }

    @Test
    void aSearchFarAfterTheSeriesStartIsRefusedBeforeFastForwarding() {
        RecurrenceRule rule = RecurrenceRule.parse("FREQ=HOURLY");
        // DTSTART in 1900, due (and so searched from) in 9000: 62 million hours
        Series series = new Series(UTC, Instant.parse("1900-01-01T00:00:00Z"), Instant.parse("9000-01-01T00:00:00Z"),
                2, RecurrenceAnchor.DUE);
        Clock clock = Clock.fixed(Instant.parse("2026-03-02T09:00:00Z"), UTC);
        long afterParse = rule.instancesTaken();

        assertThatThrownBy(() -> rule.preview(series, 1, clock))
                .isInstanceOfSatisfying(RecurrenceTooCostlyException.class,
                        e -> assertThat(e.rulePart()).isEqualTo("DTSTART"))
                .hasMessageContaining("at most 2000000");
        assertThatThrownBy(() -> rule.nextOccurrence(series, clock.instant(), clock))
                .isInstanceOf(RecurrenceTooCostlyException.class);
        assertThat(rule.instancesTaken()).isEqualTo(afterParse);
    }

    @Test
    void theSeriesEndsAfterTheYear9999() {
        RecurrenceRule rule = RecurrenceRule.parse("FREQ=YEARLY;INTERVAL=50");
        Series series = new Series(UTC, null, Instant.parse("9990-06-01T09:00:00Z"), 1, RecurrenceAnchor.DUE);
        Clock clock = Clock.fixed(Instant.parse("2026-03-02T09:00:00Z"), UTC);

        assertThat(rule.preview(series, RecurrenceRule.MAX_PREVIEW, clock)).isEmpty();
        assertThat(rule.nextOccurrence(series, series.dueAt(), clock)).isEmpty();

        Series beyond = new Series(UTC, null, Instant.parse("+1000000-01-01T00:00:00Z"), 1, RecurrenceAnchor.DUE);
        assertThatThrownBy(() -> rule.nextOccurrence(beyond, beyond.dueAt(), clock))
                .as("lib-recur's year would wrap around").isInstanceOf(InvalidRecurrenceException.class)
                .hasMessageContaining("between the years 1 and 9999");

        RecurrenceRule daily = RecurrenceRule.parse("daily");
        Series late = new Series(UTC, null, Instant.parse("9999-12-29T09:00:00Z"), 1, RecurrenceAnchor.DUE);
        assertThat(daily.preview(late, 5, clock)).extracting(o -> o.localDueAt().toLocalDate().toString())
                .containsExactly("9999-12-30", "9999-12-31");
    }

    @Test
    void aPreviewOfAHundredTakesAHundredInstancesFromTheLibrary() {
        RecurrenceRule rule = RecurrenceRule.parse("FREQ=YEARLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9,13,17");
        long afterParse = rule.instancesTaken();
        Series series = new Series(ZoneId.of("Europe/Berlin"), null,
                LocalDateTime.parse("2026-03-02T09:00").atZone(ZoneId.of("Europe/Berlin")).toInstant(), 1,
                RecurrenceAnchor.DUE);

        List<ScheduledOccurrence> preview = rule.preview(series, 100, Clock.fixed(Instant.parse("2027-06-01T00:00:00Z"), UTC));

        assertThat(preview).hasSize(100);
        assertThat(afterParse).isEqualTo(1);
        assertThat(rule.instancesTaken() - afterParse).isEqualTo(100);
    }

    @Test
    void anHourlyRuleSchedulesTheSpringForwardHourOnce() {
        // found by the property test: 02:35 does not exist in New York on 2 April 2000 and became 03:35, the
        // same instant as the next hourly instance, so the preview listed it twice
        RecurrenceRule rule = RecurrenceRule.parse("FREQ=HOURLY;BYMONTHDAY=2");
        ZoneId newYork = ZoneId.of("America/New_York");
        Series series = new Series(newYork, null, LocalDateTime.parse("2000-04-02T00:35:51").atZone(newYork).toInstant(),
                1, RecurrenceAnchor.DUE);

        List<ScheduledOccurrence> preview = rule.preview(series, 3, Clock.fixed(series.dueAt(), UTC));

        assertThat(preview).extracting(o -> o.localDueAt().toOffsetDateTime().toString()).containsExactly(
                "2000-04-02T01:35:51-05:00", "2000-04-02T03:35:51-04:00", "2000-04-02T04:35:51-04:00");
    }

    @Test
    void instancesAfterTakesAtMostAPreview() {
        RecurrenceRule rule = RecurrenceRule.parse("daily");
        assertThatThrownBy(() -> rule.instancesAfter(Instant.EPOCH.atZone(UTC), Instant.EPOCH, 1_000_000))
                .isInstanceOf(IllegalArgumentException.class)
                .isNotInstanceOf(InvalidRecurrenceException.class);
    }
}
