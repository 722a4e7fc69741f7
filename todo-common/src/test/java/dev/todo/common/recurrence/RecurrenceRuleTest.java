package dev.todo.common.recurrence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RecurrenceRuleTest {

    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static Instant at(String localDateTime, ZoneId zone) {
        return LocalDateTime.parse(localDateTime).atZone(zone).toInstant();
    }

    private static Clock clockAt(Instant instant) {
        return Clock.fixed(instant, UTC);
    }

    /** One row of the next-occurrence table. */
    record NextCase(String name, String pattern, RecurrenceAnchor anchor, ZoneId zone, String seriesStart,
            String dueAt, int occurrence, String completedAt, String now, String expectedLocalDue) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<NextCase> nextOccurrences() {
        return Stream.of(
                new NextCase("weekly 09:00 Berlin across spring DST keeps 09:00 local", "weekly",
                        RecurrenceAnchor.DUE, BERLIN, null, "2026-03-27T09:00", 1,
                        "2026-03-27T08:00", "2026-03-27T08:00", "2026-04-03T09:00"),
                new NextCase("weekly 09:00 Berlin across autumn DST keeps 09:00 local", "weekly",
                        RecurrenceAnchor.DUE, BERLIN, null, "2026-10-23T09:00", 1,
                        "2026-10-23T08:00", "2026-10-23T08:00", "2026-10-30T09:00"),
                new NextCase("daily 09:00 New York across spring DST keeps 09:00 local", "daily",
                        RecurrenceAnchor.DUE, NEW_YORK, null, "2026-03-07T09:00", 1,
                        "2026-03-07T08:00", "2026-03-07T08:00", "2026-03-08T09:00"),
                new NextCase("daily 09:00 New York across autumn DST keeps 09:00 local", "daily",
                        RecurrenceAnchor.DUE, NEW_YORK, null, "2026-10-31T09:00", 1,
                        "2026-10-31T08:00", "2026-10-31T08:00", "2026-11-01T09:00"),
                new NextCase("anchor due: completed early, next follows the schedule", "FREQ=WEEKLY;BYDAY=MO,TH",
                        RecurrenceAnchor.DUE, UTC, null, "2026-03-05T09:00", 1,
                        "2026-03-02T12:00", "2026-03-02T12:00", "2026-03-09T09:00"),
                new NextCase("anchor due: missed instances are skipped, never in the past", "daily",
                        RecurrenceAnchor.DUE, UTC, null, "2026-01-01T09:00", 1,
                        "2026-01-10T12:00", "2026-01-10T12:00", "2026-01-11T09:00"),
                new NextCase("anchor due: catch-up in Berlin keeps local time", "weekly",
                        RecurrenceAnchor.DUE, BERLIN, null, "2026-03-06T09:00", 4,
                        "2026-04-01T12:00", "2026-04-01T12:00", "2026-04-03T09:00"),
                new NextCase("anchor completion: daily counts from the completion day at the series time",
                        "daily", RecurrenceAnchor.COMPLETION, UTC, null, "2026-01-01T09:00", 1,
                        "2026-01-05T15:00", "2026-01-05T15:00", "2026-01-06T09:00"),
                new NextCase("anchor completion: completed before the series time, the next is a period later",
                        "daily", RecurrenceAnchor.COMPLETION, UTC, null, "2026-01-01T09:00", 1,
                        "2026-01-05T07:00", "2026-01-05T07:00", "2026-01-06T09:00"),
                new NextCase("anchor completion: weekly completed early on its day moves a full week", "weekly",
                        RecurrenceAnchor.COMPLETION, UTC, null, "2026-03-04T09:00", 1,
                        "2026-03-04T08:00", "2026-03-04T08:00", "2026-03-11T09:00"),
                new NextCase("anchor completion: weekly restarts from the completion weekday", "weekly",
                        RecurrenceAnchor.COMPLETION, UTC, null, "2026-01-05T09:00", 1,
                        "2026-01-07T10:00", "2026-01-07T10:00", "2026-01-14T09:00"),
                new NextCase("anchor completion: Berlin across DST keeps the series time of day", "weekly",
                        RecurrenceAnchor.COMPLETION, BERLIN, null, "2026-03-20T09:00", 1,
                        "2026-03-25T18:00", "2026-03-25T18:00", "2026-04-01T09:00"),
                new NextCase("monthly preset from the 31st: February's last day", "monthly",
                        RecurrenceAnchor.DUE, UTC, "2026-01-31T09:00", "2026-01-31T09:00", 1,
                        "2026-01-31T10:00", "2026-01-31T10:00", "2026-02-28T09:00"),
                new NextCase("monthly preset from the 31st: back to the 31st in March", "monthly",
                        RecurrenceAnchor.DUE, UTC, "2026-01-31T09:00", "2026-02-28T09:00", 2,
                        "2026-02-28T10:00", "2026-02-28T10:00", "2026-03-31T09:00"),
                new NextCase("monthly preset from the 31st: April's 30th", "monthly",
                        RecurrenceAnchor.DUE, UTC, "2026-01-31T09:00", "2026-03-31T09:00", 3,
                        "2026-03-31T10:00", "2026-03-31T10:00", "2026-04-30T09:00"),
                new NextCase("monthly preset from the 30th: February 28, then March 30", "monthly",
                        RecurrenceAnchor.DUE, UTC, "2026-01-30T09:00", "2026-02-28T09:00", 2,
                        "2026-02-28T10:00", "2026-02-28T10:00", "2026-03-30T09:00"),
                new NextCase("explicit BYMONTHDAY=31 skips shorter months (RFC 5545)", "FREQ=MONTHLY;BYMONTHDAY=31",
                        RecurrenceAnchor.DUE, UTC, null, "2026-01-31T09:00", 1,
                        "2026-01-31T10:00", "2026-01-31T10:00", "2026-03-31T09:00"),
                new NextCase("explicit FREQ=MONTHLY from the 31st skips shorter months (RFC 5545)", "RRULE:FREQ=MONTHLY",
                        RecurrenceAnchor.DUE, UTC, null, "2026-03-31T09:00", 1,
                        "2026-03-31T10:00", "2026-03-31T10:00", "2026-05-31T09:00"),
                new NextCase("yearly preset from Feb 29: Feb 28 in a non-leap year", "yearly",
                        RecurrenceAnchor.DUE, UTC, "2028-02-29T09:00", "2028-02-29T09:00", 1,
                        "2028-02-29T10:00", "2028-02-29T10:00", "2029-02-28T09:00"),
                new NextCase("yearly preset from Feb 29: Feb 29 again in the next leap year", "yearly",
                        RecurrenceAnchor.DUE, UTC, "2028-02-29T09:00", "2031-02-28T09:00", 4,
                        "2031-02-28T10:00", "2031-02-28T10:00", "2032-02-29T09:00"),
                new NextCase("explicit yearly from Feb 29 waits for the next leap year (RFC 5545)", "FREQ=YEARLY",
                        RecurrenceAnchor.DUE, UTC, null, "2028-02-29T09:00", 1,
                        "2028-02-29T10:00", "2028-02-29T10:00", "2032-02-29T09:00"),
                new NextCase("weekdays preset: Friday to Monday", "weekdays",
                        RecurrenceAnchor.DUE, UTC, null, "2026-03-06T09:00", 1,
                        "2026-03-06T10:00", "2026-03-06T10:00", "2026-03-09T09:00"),
                new NextCase("COUNT=3: the third occurrence still comes", "FREQ=DAILY;COUNT=3",
                        RecurrenceAnchor.DUE, UTC, null, "2026-01-02T09:00", 2,
                        "2026-01-02T10:00", "2026-01-02T10:00", "2026-01-03T09:00"),
                new NextCase("UNTIL (date-time): last instance on the UNTIL instant", "FREQ=DAILY;UNTIL=20260103T090000Z",
                        RecurrenceAnchor.DUE, UTC, null, "2026-01-02T09:00", 2,
                        "2026-01-02T10:00", "2026-01-02T10:00", "2026-01-03T09:00"),
                new NextCase("UNTIL (date): through that day in the task's zone", "FREQ=DAILY;UNTIL=20260103",
                        RecurrenceAnchor.DUE, BERLIN, null, "2026-01-02T23:30", 2,
                        "2026-01-02T23:45", "2026-01-02T22:45", "2026-01-03T23:30"),
                new NextCase("interval 2 weeks on MO,TH", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH",
                        RecurrenceAnchor.DUE, UTC, null, "2026-03-05T09:00", 1,
                        "2026-03-05T10:00", "2026-03-05T10:00", "2026-03-16T09:00"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nextOccurrences")
    void nextOccurrence(NextCase c) {
        RecurrenceRule rule = RecurrenceRule.parse(c.pattern());
        Series series = new Series(c.zone(), c.seriesStart() == null ? null : at(c.seriesStart(), c.zone()),
                at(c.dueAt(), c.zone()), c.occurrence(), c.anchor());

        Optional<ScheduledOccurrence> next = rule.nextOccurrence(series, at(c.completedAt(), c.zone()),
                clockAt(at(c.now(), c.zone())));

        assertThat(next).isPresent();
        assertThat(next.get().localDueAt().toLocalDateTime()).isEqualTo(LocalDateTime.parse(c.expectedLocalDue()));
        assertThat(next.get().localDueAt().getZone()).isEqualTo(c.zone());
        assertThat(next.get().occurrence()).isEqualTo(c.occurrence() + 1);
    }

    static Stream<Arguments> seriesThatEnded() {
        return Stream.of(
                Arguments.of("COUNT=3 after the third occurrence", "FREQ=DAILY;COUNT=3", 3, "2026-01-03T09:00"),
                Arguments.of("COUNT=1 after the first", "FREQ=WEEKLY;COUNT=1", 1, "2026-01-01T09:00"),
                Arguments.of("UNTIL reached", "FREQ=DAILY;UNTIL=20260103T090000Z", 3, "2026-01-03T09:00"),
                Arguments.of("UNTIL passed while the task was overdue", "FREQ=DAILY;UNTIL=20260105T090000Z", 1,
                        "2026-01-01T09:00"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("seriesThatEnded")
    void noNextOccurrenceOnceTheSeriesEnded(String name, String pattern, int occurrence, String dueAt) {
        RecurrenceRule rule = RecurrenceRule.parse(pattern);
        Series series = new Series(UTC, null, at(dueAt, UTC), occurrence, RecurrenceAnchor.DUE);
        Instant now = at("2026-01-10T00:00", UTC);
        if (name.startsWith("COUNT") || name.equals("UNTIL reached")) {
            now = at(dueAt, UTC).plusSeconds(60);
        }

        assertThat(rule.nextOccurrence(series, now, clockAt(now))).isEmpty();
    }

    @Nested
    class Preview {

        @Test
        void weeklyBerlinStaysAtNineAcrossBothDaylightSavingChanges() {
            RecurrenceRule rule = RecurrenceRule.parse("weekly");
            Series series = new Series(BERLIN, null, at("2026-03-20T09:00", BERLIN), 1, RecurrenceAnchor.DUE);

            List<ScheduledOccurrence> preview = rule.preview(series, 33, clockAt(at("2026-03-01T00:00", UTC)));

            assertThat(preview).hasSize(33);
            assertThat(preview).allSatisfy(o -> assertThat(o.localDueAt().toLocalTime().toString()).isEqualTo("09:00"));
            // before spring-forward (29 March) 09:00 is 08:00Z, after it 07:00Z, after fall-back (25 Oct) 08:00Z again
            assertThat(preview.get(0).dueAt()).isEqualTo(Instant.parse("2026-03-27T08:00:00Z"));
            assertThat(preview.get(1).dueAt()).isEqualTo(Instant.parse("2026-04-03T07:00:00Z"));
            assertThat(preview.get(30).dueAt()).isEqualTo(Instant.parse("2026-10-23T07:00:00Z"));
            assertThat(preview.get(31).dueAt()).isEqualTo(Instant.parse("2026-10-30T08:00:00Z"));
            assertThat(preview.get(0).occurrence()).isEqualTo(2);
            assertThat(preview.get(32).occurrence()).isEqualTo(34);
        }

        @Test
        void aWallClockTimeThatDoesNotExistOnTheSpringForwardDayMovesAnHourLaterThatDayOnly() {
            RecurrenceRule rule = RecurrenceRule.parse("daily");
            Series series = new Series(BERLIN, null, at("2026-03-28T02:30", BERLIN), 1, RecurrenceAnchor.DUE);

            List<ScheduledOccurrence> preview = rule.preview(series, 2, clockAt(at("2026-03-01T00:00", UTC)));

            assertThat(preview).extracting(o -> o.localDueAt().toOffsetDateTime().toString())
                    .containsExactly("2026-03-29T03:30+02:00", "2026-03-30T02:30+02:00");
        }

        @Test
        void aWallClockTimeThatHappensTwiceOnTheFallBackDayIsScheduledOnce() {
            RecurrenceRule rule = RecurrenceRule.parse("daily");
            Series series = new Series(BERLIN, null, at("2026-10-24T02:30", BERLIN), 1, RecurrenceAnchor.DUE);

            List<ScheduledOccurrence> preview = rule.preview(series, 2, clockAt(at("2026-10-01T00:00", UTC)));

            assertThat(preview).extracting(ScheduledOccurrence::dueAt)
                    .containsExactly(Instant.parse("2026-10-25T01:30:00Z"), Instant.parse("2026-10-26T01:30:00Z"));
        }

        @Test
        void newYorkDailyStaysAtNineAcrossSpringForward() {
            RecurrenceRule rule = RecurrenceRule.parse("daily");
            Series series = new Series(NEW_YORK, null, at("2026-03-06T09:00", NEW_YORK), 1, RecurrenceAnchor.DUE);

            List<ScheduledOccurrence> preview = rule.preview(series, 3, clockAt(at("2026-03-01T00:00", UTC)));

            assertThat(preview).extracting(ScheduledOccurrence::dueAt).containsExactly(
                    Instant.parse("2026-03-07T14:00:00Z"),
                    Instant.parse("2026-03-08T13:00:00Z"),
                    Instant.parse("2026-03-09T13:00:00Z"));
        }

        @Test
        void monthlyPresetFromTheThirtyFirstFollowsMonthEnds() {
            RecurrenceRule rule = RecurrenceRule.parse("monthly");
            Series series = new Series(UTC, null, at("2026-01-31T09:00", UTC), 1, RecurrenceAnchor.DUE);

            List<ScheduledOccurrence> preview = rule.preview(series, 4, clockAt(at("2026-01-01T00:00", UTC)));

            assertThat(preview).extracting(o -> o.localDueAt().toLocalDate().toString())
                    .containsExactly("2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31");
        }

        @Test
        void countLimitsThePreviewByOccurrenceNumber() {
            RecurrenceRule rule = RecurrenceRule.parse("FREQ=DAILY;COUNT=3");
            Series series = new Series(UTC, null, at("2026-01-01T09:00", UTC), 1, RecurrenceAnchor.DUE);

            List<ScheduledOccurrence> preview = rule.preview(series, 5, clockAt(at("2026-01-01T00:00", UTC)));

            assertThat(preview).extracting(ScheduledOccurrence::occurrence).containsExactly(2, 3);
            assertThat(rule.count()).contains(3);
        }

        @Test
        void untilEndsThePreview() {
            RecurrenceRule rule = RecurrenceRule.parse("RRULE:FREQ=DAILY;UNTIL=20260103T090000Z");
            Series series = new Series(UTC, null, at("2026-01-01T09:00", UTC), 1, RecurrenceAnchor.DUE);

            List<ScheduledOccurrence> preview = rule.preview(series, 5, clockAt(at("2026-01-01T00:00", UTC)));

            assertThat(preview).extracting(ScheduledOccurrence::dueAt).containsExactly(
                    Instant.parse("2026-01-02T09:00:00Z"), Instant.parse("2026-01-03T09:00:00Z"));
        }

        @Test
        void overdueTaskPreviewStartsAfterNow() {
            RecurrenceRule rule = RecurrenceRule.parse("daily");
            Series series = new Series(UTC, null, at("2026-01-01T09:00", UTC), 1, RecurrenceAnchor.DUE);

            List<ScheduledOccurrence> preview = rule.preview(series, 2, clockAt(at("2026-01-10T12:00", UTC)));

            assertThat(preview).extracting(ScheduledOccurrence::dueAt).containsExactly(
                    Instant.parse("2026-01-11T09:00:00Z"), Instant.parse("2026-01-12T09:00:00Z"));
        }
    }

    @Nested
    class Parsing {

        @ParameterizedTest
        @ValueSource(strings = {"daily", "Weekdays", " weekly ", "MONTHLY", "yearly"})
        void presetsAreCaseInsensitive(String pattern) {
            RecurrenceRule rule = RecurrenceRule.parse(pattern);
            assertThat(rule.isPreset()).isTrue();
            assertThat(rule.pattern()).isEqualTo(pattern);
        }

        @ParameterizedTest
        @ValueSource(strings = {"FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH", "RRULE:FREQ=DAILY", "rrule:freq=daily;count=2",
                "FREQ=MONTHLY;BYMONTHDAY=-1", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", "FREQ=HOURLY;INTERVAL=6"})
        void acceptsRfc5545Rules(String pattern) {
            assertThat(RecurrenceRule.parse(pattern).isPreset()).isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "   ", "hourly", "FREQ=FOO", "FREQ=DAILY;INTERVAL=x", "FREQ=DAILY;COUNT=0",
                "FREQ=DAILY;BYDAY=XX", "FREQ=SECONDLY", "FREQ=MINUTELY;INTERVAL=5", "INTERVAL=2",
                "FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30", "'; DROP TABLE tasks; --", "<script>alert(1)</script>",
                "FREQ=DAILY;UNTIL=notadate"})
        void rejectsWithAMessage(String pattern) {
            assertThatThrownBy(() -> RecurrenceRule.parse(pattern))
                    .isInstanceOf(InvalidRecurrenceException.class)
                    .hasMessageContaining("recurrence_pattern");
        }

        @Test
        void rejectsNullAndOverlongPatterns() {
            assertThatThrownBy(() -> RecurrenceRule.parse(null)).isInstanceOf(InvalidRecurrenceException.class);
            assertThatThrownBy(() -> RecurrenceRule.parse("FREQ=DAILY;" + "X-A=B;".repeat(100)))
                    .isInstanceOf(InvalidRecurrenceException.class)
                    .hasMessageContaining("at most 500");
        }
    }
}
