package dev.todo.common.events;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * A task exactly as the REST API returns it (SPEC §2), and as it travels in {@link TaskEvent#taskData()}.
 * Instants are UTC; {@code dueAt} keeps its meaning in {@code timeZone}.
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
        long version) {

    public boolean isRecurring() {
        return recurrencePattern != null && !recurrencePattern.isBlank();
    }
}
