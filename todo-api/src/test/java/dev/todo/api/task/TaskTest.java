package dev.todo.api.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.todo.common.recurrence.RecurrenceAnchor;
import dev.todo.common.recurrence.RecurrenceRule;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Instant DUE = Instant.parse("2026-03-02T08:00:00Z");

    private static TaskInput weekly(Instant due, RecurrenceAnchor anchor, Duration offset) {
        return new TaskInput("Water the plants", null, null, Priority.HIGH, List.of("home"), due, ZoneId.of("Europe/Berlin"),
                RecurrenceRule.parse("weekly"), anchor, offset);
    }

    private static TaskInput once(Instant due) {
        return new TaskInput("Call", null, null, Priority.MEDIUM, List.of(), due, ZoneId.of("UTC"), null,
                RecurrenceAnchor.DUE, null);
    }

    private static Task completed(TaskInput input) {
        Task task = Task.create("u1", input, NOW);
        task.complete(true, NOW.plusSeconds(60));
        return task;
    }

    @Test
    void aNewRecurringTaskStartsItsSeriesAtItsDueDateAndRemindsBeforeIt() {
        Task task = Task.create("u1", weekly(DUE, RecurrenceAnchor.DUE, Duration.ofMinutes(15)), NOW);

        assertThat(task.getOccurrence()).isEqualTo(1);
        assertThat(task.getSeriesStartAt()).isEqualTo(DUE);
        assertThat(task.getRemindAt()).isEqualTo(DUE.minus(Duration.ofMinutes(15)));
        assertThat(Task.create("u1", once(DUE), NOW).getSeriesStartAt()).isNull();
    }

    @Test
    void aRedefinedScheduleRestartsTheSeriesAndAnUnchangedOneKeepsIt() {
        Task task = Task.create("u1", weekly(DUE, RecurrenceAnchor.DUE, null), NOW);
        Instant later = DUE.plus(Duration.ofDays(3));

        task.revise(weekly(DUE, RecurrenceAnchor.DUE, Duration.ofMinutes(5)), NOW);
        assertThat(task.getSeriesStartAt()).isEqualTo(DUE);

        task.revise(weekly(later, RecurrenceAnchor.DUE, null), NOW);
        assertThat(task.getSeriesStartAt()).isEqualTo(later);

        task.revise(once(later), NOW);
        assertThat(task.getSeriesStartAt()).isNull();
    }

    @Test
    void completingTwiceChangesNothingTheSecondTime() {
        Task task = Task.create("u1", once(DUE), NOW);

        assertThat(task.complete(true, NOW)).isTrue();
        assertThat(task.complete(true, NOW.plusSeconds(5))).isFalse();
        assertThat(task.getCompletedAt()).isEqualTo(NOW);
        assertThat(task.complete(false, NOW)).isTrue();
        assertThat(task.getCompletedAt()).isNull();
    }

    @Test
    void theNextOccurrenceCopiesTheTaskRemindsAtItsOwnOffsetAndKeepsTheScheduleOfAnchorDue() {
        Task previous = completed(weekly(DUE, RecurrenceAnchor.DUE, Duration.ofMinutes(15)));
        Instant nextDue = DUE.plus(Duration.ofDays(7));

        Task next = previous.nextOccurrence(nextDue, null, NOW);

        assertThat(next.getSeriesId()).isEqualTo(previous.getSeriesId());
        assertThat(next.getOccurrence()).isEqualTo(2);
        assertThat(next.isCompleted()).isFalse();
        assertThat(next.getPriority()).isEqualTo(Priority.HIGH);
        assertThat(next.getTags()).containsExactly("home");
        assertThat(next.getRemindAt()).isEqualTo(nextDue.minus(Duration.ofMinutes(15)));
        assertThat(next.getSeriesStartAt()).isEqualTo(DUE);
    }

    @Test
    void anchorCompletionRestartsTheScheduleAtEachOccurrence() {
        Task previous = completed(weekly(DUE, RecurrenceAnchor.COMPLETION, null));
        Instant nextDue = DUE.plus(Duration.ofDays(8));

        assertThat(previous.nextOccurrence(nextDue, null, NOW).getSeriesStartAt()).isEqualTo(nextDue);
    }

    @Test
    void onlyACompletedTaskAtTheEventsVersionGetsASuccessor() {
        Task open = Task.create("u1", weekly(DUE, RecurrenceAnchor.DUE, null), NOW);
        assertThatThrownBy(() -> open.nextOccurrence(DUE, null, NOW)).isInstanceOf(SourceTaskDisagreesException.class);

        Task done = completed(weekly(DUE, RecurrenceAnchor.DUE, null));
        assertThatThrownBy(() -> done.nextOccurrence(DUE, 3L, NOW))
                .isInstanceOf(SourceTaskDisagreesException.class).hasMessageContaining("before the event's version 3");
    }

    @Test
    void aSuccessorMustBeTheNextOccurrenceOfTheOwnersRecurringSeries() {
        Task recurring = Task.create("u1", weekly(DUE, RecurrenceAnchor.DUE, null), NOW);

        recurring.requireSuccessor(recurring.getSeriesId(), "u1", 2);
        recurring.requireSuccessor(recurring.getSeriesId(), null, 2);
        assertThatThrownBy(() -> recurring.requireSuccessor(recurring.getSeriesId(), "u2", 2))
                .isInstanceOf(NextOccurrenceConflictException.class);
        assertThatThrownBy(() -> recurring.requireSuccessor(recurring.getSeriesId(), "u1", 3))
                .isInstanceOf(NextOccurrenceConflictException.class).hasMessageContaining("the next one is 2, not 3");
        Task single = Task.create("u1", once(DUE), NOW);
        assertThatThrownBy(() -> single.requireSuccessor(single.getSeriesId(), "u1", 2))
                .isInstanceOf(NextOccurrenceConflictException.class).hasMessageContaining("does not recur");
    }

    @Test
    void aSuccessorIsTakenBackOnlyFromAnUncompletedTaskAndOnlyWhileUntouched() {
        Task done = completed(weekly(DUE, RecurrenceAnchor.DUE, null));
        assertThatThrownBy(() -> done.requireUncompleted(null)).isInstanceOf(SourceTaskDisagreesException.class);

        Task next = done.nextOccurrence(DUE.plus(Duration.ofDays(7)), null, NOW);
        next.requireUntouched();
        next.complete(true, NOW);
        assertThatThrownBy(next::requireUntouched).isInstanceOf(NextOccurrenceConflictException.class)
                .hasMessageContaining("already completed");
    }
}
