package dev.todo.api.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.todo.common.recurrence.RecurrenceAnchor;
import dev.todo.common.web.InvalidInputException;
import dev.todo.common.web.ProblemFieldError;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskInputParserTest {

    private final TaskInputParser parser = new TaskInputParser();

    private static TaskRequest request(String title, String dueAt, String zone, String rrule, String offset) {
        return new TaskRequest(title, null, null, null, null, dueAt, zone, rrule, null, offset);
    }

    private List<String> fieldsOf(TaskRequest request) {
        try {
            parser.parse(request);
            return List.of();
        } catch (InvalidInputException e) {
            return e.errors().stream().map(ProblemFieldError::field).toList();
        }
    }

    @Test
    void givenALocalDueDate_thenItIsReadInTheTasksZone() {
        TaskInput input = parser.parse(request("t", "2026-07-01T09:00", "America/New_York", null, null));
        assertThat(input.dueAt()).isEqualTo(Instant.parse("2026-07-01T13:00:00Z"));
    }

    @Test
    void givenAnOffset_thenTheZoneDoesNotMoveTheInstant() {
        TaskInput input = parser.parse(request("t", "2026-07-01T09:00:00+02:00", "America/New_York", null, null));
        assertThat(input.dueAt()).isEqualTo(Instant.parse("2026-07-01T07:00:00Z"));
    }

    @Test
    void givenAReminderOffset_thenRemindAtIsDueMinusOffset() {
        TaskInput input = parser.parse(request("t", "2026-07-01T09:00:00Z", null, null, "PT15M"));
        assertThat(input.reminderOffset()).isEqualTo(Duration.ofMinutes(15));
        assertThat(input.remindAt()).isEqualTo(Instant.parse("2026-07-01T08:45:00Z"));
    }

    @Test
    void givenTags_thenTheyAreTrimmedLowerCasedAndUnique() {
        TaskInput input = parser.parse(new TaskRequest("t", null, null, null, List.of(" Work ", "work", "HOME"), null,
                null, null, null, null));
        assertThat(input.tags()).containsExactly("work", "home");
    }

    @Test
    void givenNothingOptional_thenDefaultsApply() {
        TaskInput input = parser.parse(request("t", null, null, null, null));
        assertThat(input.priority()).isEqualTo(Priority.MEDIUM);
        assertThat(input.timeZone().getId()).isEqualTo("UTC");
        assertThat(input.anchor()).isEqualTo(RecurrenceAnchor.DUE);
        assertThat(input.completed()).isNull();
        assertThat(input.remindAt()).isNull();
    }

    @Test
    void givenRecurrenceOrReminderWithoutDueDate_thenBothAreNamed() {
        assertThat(fieldsOf(request("t", null, null, "daily", "PT5M")))
                .containsExactly("recurrence_pattern", "reminder_offset");
    }

    @Test
    void givenAnInvalidDueDate_thenOnlyDueAtIsReportedNotTheRecurrenceThatNeedsIt() {
        assertThat(fieldsOf(request("t", "soon", null, "daily", null))).containsExactly("due_at");
    }

    @Test
    void givenEverythingWrong_thenEveryFieldIsReported() {
        assertThat(fieldsOf(new TaskRequest(null, "x".repeat(4001), null, "urgent", List.of(""), "x", "Nowhere",
                "FREQ=NEVER", "whenever", "P")))
                .containsExactlyInAnyOrder("title", "description", "priority", "tags[0]", "time_zone", "due_at",
                        "recurrence_pattern", "recurrence_anchor", "reminder_offset");
    }

    @Test
    void givenEmoji_thenLengthsCountCharactersLikePostgres() {
        String twoHundredEmoji = "\uD83D\uDE00".repeat(200);
        assertThat(parser.parse(request(twoHundredEmoji, null, null, null, null)).title()).isEqualTo(twoHundredEmoji);
        assertThat(fieldsOf(request(twoHundredEmoji + "x", null, null, null, null))).containsExactly("title");
    }

    @Test
    void givenAnRruleThatCannotStartAtTheDueDate_thenItIsRefused() {
        // a floating UNTIL with a zoned start is not allowed by RFC 5545
        assertThatThrownBy(() -> parser.parse(request("t", "2026-07-01T09:00:00Z", "Europe/Berlin",
                "FREQ=DAILY;UNTIL=20260801T090000", null))).isInstanceOf(InvalidInputException.class);
    }
}
