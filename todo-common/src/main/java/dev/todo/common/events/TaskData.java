package dev.todo.common.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
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
@Schema(description = "A task as the API returns it; every property is present, instants are UTC.")
public record TaskData(
        @Schema(example = "42", minimum = "1") long id,
        @Schema(example = "demo-user") String userId,
        @Schema(example = "Water the plants", minLength = 1, maxLength = 200) String title,
        @Schema(nullable = true, maxLength = 4000, example = "The ones on the balcony too") String description,
        boolean completed,
        @Schema(allowableValues = {"low", "medium", "high"}, example = "medium") String priority,
        @ArraySchema(maxItems = 20, uniqueItems = true,
                schema = @Schema(minLength = 1, maxLength = 30, example = "home")) List<String> tags,
        @Schema(nullable = true, example = "2026-03-27T08:00:00Z") Instant dueAt,
        @Schema(example = "Europe/Berlin") String timeZone,
        @Schema(nullable = true, example = "weekly") String recurrencePattern,
        @Schema(allowableValues = {"due", "completion"}, example = "due") String recurrenceAnchor,
        @Schema(nullable = true, format = "duration", example = "PT15M") String reminderOffset,
        @Schema(nullable = true, example = "2026-03-27T07:45:00Z") Instant remindAt,
        @Schema(format = "uuid", example = "7d1f4c1e-6a43-4c53-9d0e-2f4b9a4f7c11") String seriesId,
        @Schema(minimum = "1", example = "1") int occurrence,
        @Schema(nullable = true, example = "2026-03-27T08:03:12Z") Instant completedAt,
        @Schema(example = "2026-03-20T10:00:00Z") Instant createdAt,
        @Schema(example = "2026-03-21T10:00:00Z") Instant updatedAt,
        @Schema(description = "Grows with every change; the ETag.", minimum = "0", example = "3") long version,
        @Schema(nullable = true, description = "Where the recurrence schedule starts (DTSTART).",
                example = "2026-03-27T08:00:00Z") Instant seriesStartAt) {

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
