package dev.todo.recurring.occurrence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.todo.common.events.NextOccurrenceRequest;
import dev.todo.common.events.TaskData;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** How the handler uses todo-common's RecurrenceRule: which task fields feed it and what comes out. */
class NextOccurrencePlannerTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                // name, pattern, anchor, zone, due, occurrence, completed, now, expected next due (null: series ended)
                Arguments.of("weekly, anchor due: one week after the due date", "weekly", "due", "Europe/Berlin",
                        "2026-03-02T08:00:00Z", 1, "2026-03-02T10:00:00Z", "2026-03-02T10:00:00Z",
                        "2026-03-09T08:00:00Z"),
                Arguments.of("09:00 Berlin stays 09:00 local across the March DST change (08:00Z -> 07:00Z)",
                        "weekly", "due", "Europe/Berlin",
                        "2026-03-23T08:00:00Z", 4, "2026-03-23T09:00:00Z", "2026-03-23T09:00:00Z",
                        "2026-03-30T07:00:00Z"),
                Arguments.of("09:00 New York stays 09:00 local across the US DST change (14:00Z -> 13:00Z)",
                        "daily", null, "America/New_York",
                        "2026-03-07T14:00:00Z", 1, "2026-03-07T15:00:00Z", "2026-03-07T15:00:00Z",
                        "2026-03-08T13:00:00Z"),
                Arguments.of("missed instances are skipped, not spawned", "daily", "due", "UTC",
                        "2026-03-01T09:00:00Z", 1, "2026-03-10T12:00:00Z", "2026-03-10T12:00:00Z",
                        "2026-03-11T09:00:00Z"),
                Arguments.of("anchor completion counts from the completion day at the series' time", "weekly",
                        "completion", "UTC",
                        "2026-03-02T09:00:00Z", 1, "2026-03-10T11:00:00Z", "2026-03-10T11:30:00Z",
                        "2026-03-17T09:00:00Z"),
                Arguments.of("early completion with anchor due keeps the schedule", "weekly", "due", "UTC",
                        "2026-03-16T09:00:00Z", 1, "2026-03-10T11:00:00Z", "2026-03-10T11:30:00Z",
                        "2026-03-23T09:00:00Z"),
                Arguments.of("monthly preset from Jan 31 falls on the last day of February", "monthly", "due",
                        "UTC", "2026-01-31T09:00:00Z", 1, "2026-01-31T10:00:00Z", "2026-01-31T10:00:00Z",
                        "2026-02-28T09:00:00Z"),
                Arguments.of("yearly preset from a leap day falls on Feb 28", "yearly", "due", "UTC",
                        "2024-02-29T09:00:00Z", 1, "2024-02-29T10:00:00Z", "2024-02-29T10:00:00Z",
                        "2025-02-28T09:00:00Z"),
                Arguments.of("COUNT=3: the third occurrence has a successor", "FREQ=DAILY;COUNT=3", "due", "UTC",
                        "2026-03-02T09:00:00Z", 2, "2026-03-02T10:00:00Z", "2026-03-02T10:00:00Z",
                        "2026-03-03T09:00:00Z"),
                Arguments.of("COUNT=3: the series ends after occurrence 3", "RRULE:FREQ=DAILY;COUNT=3", "due", "UTC",
                        "2026-03-03T09:00:00Z", 3, "2026-03-03T10:00:00Z", "2026-03-03T10:00:00Z", null),
                Arguments.of("UNTIL passed: the series ends", "FREQ=WEEKLY;UNTIL=20260315T000000Z", "due", "UTC",
                        "2026-03-09T09:00:00Z", 2, "2026-03-09T10:00:00Z", "2026-03-09T10:00:00Z", null),
                Arguments.of("UNTIL not yet passed", "FREQ=WEEKLY;UNTIL=20260317T000000Z", "due", "UTC",
                        "2026-03-09T09:00:00Z", 2, "2026-03-09T10:00:00Z", "2026-03-09T10:00:00Z",
                        "2026-03-16T09:00:00Z"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void plansTheNextOccurrence(String name, String pattern, String anchor, String zone, String due, int occurrence,
                                String completed, String now, String expected) {
        TaskData task = Tasks.recurring(7, pattern, anchor, zone, Instant.parse(due), occurrence,
                Instant.parse(completed));
        NextOccurrencePlanner planner = new NextOccurrencePlanner(Clock.fixed(Instant.parse(now), ZoneOffset.UTC));

        Optional<NextOccurrenceRequest> next = planner.plan(task, Instant.parse(completed));

        if (expected == null) {
            assertThat(next).isEmpty();
        } else {
            assertThat(next).contains(new NextOccurrenceRequest("series-7", occurrence + 1, Instant.parse(expected),
                    "u1"));
        }
    }

    @Test
    void aMissingCompletionTimeFallsBackToTheEventTime() {
        TaskData task = Tasks.recurring(7, "weekly", "completion", "UTC", Instant.parse("2026-03-02T09:00:00Z"), 1,
                null);
        NextOccurrencePlanner planner = new NextOccurrencePlanner(
                Clock.fixed(Instant.parse("2026-03-04T10:00:00Z"), ZoneOffset.UTC));

        assertThat(planner.plan(task, Instant.parse("2026-03-04T10:00:00Z")))
                .map(NextOccurrenceRequest::dueAt)
                .contains(Instant.parse("2026-03-11T09:00:00Z"));
    }

    @Test
    void unusableRecurrenceDataIsRejected() {
        Instant due = Instant.parse("2026-03-02T09:00:00Z");
        NextOccurrencePlanner planner = new NextOccurrencePlanner(Clock.fixed(due, ZoneOffset.UTC));

        assertThatThrownBy(() -> planner.plan(Tasks.recurring(7, "FREQ=SOMETIMES", "due", "UTC", due, 1, due), due))
                .isInstanceOf(RejectedEventException.class);
        assertThatThrownBy(() -> planner.plan(Tasks.recurring(7, "weekly", "due", "Mars/Olympus", due, 1, due), due))
                .isInstanceOf(RejectedEventException.class);
        assertThatThrownBy(() -> planner.plan(Tasks.recurring(7, "weekly", "sometimes", "UTC", due, 1, due), due))
                .isInstanceOf(RejectedEventException.class);
        assertThatThrownBy(() -> planner.plan(Tasks.recurring(7, "weekly", "due", "UTC",
                Instant.parse("+1000000-01-01T00:00:00Z"), 1, due), due))
                .as("a due date beyond any calendar library").isInstanceOf(RejectedEventException.class);
        TaskData noSeries = Tasks.recurring(7, "weekly", "due", "UTC", due, 1, due);
        TaskData withoutSeries = new TaskData(noSeries.id(), noSeries.userId(), noSeries.title(), null, true,
                "medium", noSeries.tags(), due, "UTC", "weekly", "due", null, null, null, 1, due, due, due, 1, null);
        assertThatThrownBy(() -> planner.plan(withoutSeries, due)).isInstanceOf(RejectedEventException.class);
    }
}
