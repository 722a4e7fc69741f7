package dev.todo.common.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * A task exactly as the REST API returns it (SPEC §2), and as it travels in {@link TaskEvent#taskData()}.
 * Instants are UTC; {@code dueAt} keeps its meaning in {@code timeZone}.
 * {@code seriesStartAt} is the DTSTART of the recurrence schedule: the due date of the occurrence where
 * the schedule was last defined. Recurrence expands from it, so a monthly series started on the 31st
 * keeps falling on month ends even after an occurrence landed on February 28.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TaskData(
        long id,
        String userId,
        String title,
        String description,
        boolean completed,
        String priority,
        List<String> tags,
        Instant dueAt,
        String timeZone,
        String recurrencePattern,
        String recurrenceAnchor,
        String reminderOffset,
        Instant remindAt,
        String seriesId,
        int occurrence,
        Instant completedAt,
        Instant createdAt,
        Instant updatedAt,
        long version,
        Instant seriesStartAt) {

    /**
     * The original 19-field shape; {@code seriesStartAt} (added later, may be null in old events) is
     * then unknown and recurrence falls back to {@code dueAt}.
     */
    public TaskData(long id, String userId, String title, String description, boolean completed, String priority,
            List<String> tags, Instant dueAt, String timeZone, String recurrencePattern, String recurrenceAnchor,
            String reminderOffset, Instant remindAt, String seriesId, int occurrence, Instant completedAt,
            Instant createdAt, Instant updatedAt, long version) {
        this(id, userId, title, description, completed, priority, tags, dueAt, timeZone, recurrencePattern,
                recurrenceAnchor, reminderOffset, remindAt, seriesId, occurrence, completedAt, createdAt, updatedAt,
                version, null);
    }

    @JsonIgnore
    public boolean isRecurring() {
        return recurrencePattern != null && !recurrencePattern.isBlank();
    }
}
