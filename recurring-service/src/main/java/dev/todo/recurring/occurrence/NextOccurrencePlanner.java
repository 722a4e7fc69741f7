package dev.todo.recurring.occurrence;

import dev.todo.common.events.NextOccurrenceRequest;
import dev.todo.common.events.TaskData;
import dev.todo.common.recurrence.RecurrenceRule;
import dev.todo.common.recurrence.Series;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Decides the next occurrence of a completed recurring task with todo-common's {@link RecurrenceRule}
 * (the same rule todo-api previews with): anchor, catch-up past missed instances, COUNT and UNTIL.
 */
@Component
public class NextOccurrencePlanner {

    private final Clock clock;

    public NextOccurrencePlanner(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param eventTime when the completion was published; stands in for a missing completed_at
     * @return empty when the series has ended
     * @throws RejectedEventException when the task's recurrence data cannot be used
     */
    public Optional<NextOccurrenceRequest> plan(TaskData task, Instant eventTime) {
        if (task.seriesId() == null || task.seriesId().isBlank()) {
            throw new RejectedEventException("recurring task has no series_id", null);
        }
        Instant completedAt = task.completedAt() != null ? task.completedAt() : eventTime;
        try {
            RecurrenceRule rule = RecurrenceRule.parse(task.recurrencePattern());
            return rule.nextOccurrence(Series.of(task), completedAt, clock)
                    .map(next -> new NextOccurrenceRequest(task.seriesId(), next.occurrence(), next.dueAt(),
                            task.userId()));
        } catch (RuntimeException e) {
            // a pure computation on the event's data (unknown zone or anchor, bad RRULE, no due date,
            // dates beyond the library's range): the same event will never work
            throw new RejectedEventException("unusable recurrence: " + e.getMessage(), e);
        }
    }
}
