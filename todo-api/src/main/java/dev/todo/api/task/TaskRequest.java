package dev.todo.api.task;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * A task as clients write it (POST, PUT, and the merge result of PATCH). Everything is read as plain JSON
 * types; {@link TaskInputParser} checks and normalizes the values so every rule answers with the field's name.
 * Read-only fields (id, version, remind_at, ...) are ignored if sent.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TaskRequest(
        String title,
        String description,
        Boolean completed,
        String priority,
        List<String> tags,
        String dueAt,
        String timeZone,
        String recurrencePattern,
        String recurrenceAnchor,
        String reminderOffset) {
}
