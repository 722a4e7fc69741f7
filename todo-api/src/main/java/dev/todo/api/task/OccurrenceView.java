package dev.todo.api.task;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.todo.common.recurrence.ScheduledOccurrence;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * One upcoming occurrence: {@code due_at} in UTC like every instant, and {@code local_due_at} with the offset
 * of the task's zone, which shows the wall-clock time kept across daylight-saving changes.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OccurrenceView(
        @Schema(minimum = "1", example = "2") int occurrence,
        @Schema(example = "2026-04-03T07:00:00Z") Instant dueAt,
        @Schema(example = "2026-04-03T09:00+02:00",
                description = "due_at with the offset of the task's time zone (ISO-8601, seconds left out when zero)") String localDueAt) {

    static OccurrenceView of(ScheduledOccurrence occurrence) {
        OffsetDateTime local = occurrence.localDueAt().toOffsetDateTime();
        return new OccurrenceView(occurrence.occurrence(), occurrence.dueAt(), local.toString());
    }
}
