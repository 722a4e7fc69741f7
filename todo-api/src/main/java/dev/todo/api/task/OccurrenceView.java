package dev.todo.api.task;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.todo.common.recurrence.ScheduledOccurrence;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * One upcoming occurrence: {@code due_at} in UTC like every instant, and {@code local_due_at} with the offset
 * of the task's zone, which shows the wall-clock time kept across daylight-saving changes.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OccurrenceView(int occurrence, Instant dueAt, String localDueAt) {

    static OccurrenceView of(ScheduledOccurrence occurrence) {
        OffsetDateTime local = occurrence.localDueAt().toOffsetDateTime();
        return new OccurrenceView(occurrence.occurrence(), occurrence.dueAt(), local.toString());
    }
}
