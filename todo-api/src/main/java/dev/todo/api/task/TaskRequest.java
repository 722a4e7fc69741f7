package dev.todo.api.task;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.todo.common.recurrence.RecurrenceRule;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * A task as clients write it (POST, PUT, and the merge result of PATCH). Everything is read as plain JSON
 * types; {@link TaskInputParser} checks and normalizes the values so every rule answers with the field's name.
 * Read-only fields (id, version, remind_at, ...) are ignored if sent. The schema states the parser's rules
 * (patterns and ranges a generated value can only meet if the parser accepts it); {@link TaskApiDocument}
 * adds what annotations cannot say.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(description = "A task as a client writes it. due_at is required with recurrence_pattern or "
        + "reminder_offset.")
public record TaskRequest(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1, maxLength = TaskInputParser.MAX_TITLE,
                pattern = TaskApiDocument.SINGLE_LINE, example = "Water the plants",
                description = "1-200 characters after trimming; no control characters.")
        String title,
        @Schema(nullable = true, maxLength = TaskInputParser.MAX_DESCRIPTION, pattern = TaskApiDocument.MULTI_LINE,
                example = "The ones on the balcony too", description = "Up to 4000 characters; line breaks "
                + "and tabs are the only control characters allowed.")
        String description,
        @Schema(nullable = true, description = "Sets completion (null keeps it / not completed).")
        Boolean completed,
        @Schema(nullable = true, allowableValues = {"low", "medium", "high"}, defaultValue = "medium")
        String priority,
        @ArraySchema(arraySchema = @Schema(nullable = true, description = "Stored trimmed, lower-cased and "
                + "unique."), maxItems = TaskInputParser.MAX_TAGS,
                schema = @Schema(minLength = 1, maxLength = TaskInputParser.MAX_TAG, pattern = TaskApiDocument.TAG,
                        example = "home"))
        List<String> tags,
        @Schema(nullable = true, format = "date-time", pattern = TaskApiDocument.DUE_AT,
                example = "2026-03-27T09:00:00+01:00", description = "RFC 3339 between the years 1900 and 9999. "
                + "A local date-time without an offset (2026-03-27T09:00:00) is also accepted and read in time_zone.")
        String dueAt,
        @Schema(nullable = true, defaultValue = "UTC", example = "Europe/Berlin",
                description = "An IANA time zone name.")
        String timeZone,
        @Schema(nullable = true, maxLength = RecurrenceRule.MAX_PATTERN_LENGTH, example = "weekly", pattern = TaskApiDocument.RECURRENCE,
                description = "daily, weekdays, weekly, monthly, yearly or an RFC 5545 RRULE "
                + "(with or without RRULE:), such as FREQ=WEEKLY;INTERVAL=2. The pattern covers the presets and "
                + "simple rules; the API accepts every RFC 5545 rule whose expansion stays within its cost bound.")
        String recurrencePattern,
        @Schema(nullable = true, allowableValues = {"due", "completion"}, defaultValue = "due")
        String recurrenceAnchor,
        @Schema(nullable = true, pattern = TaskApiDocument.REMINDER_OFFSET, example = "PT15M",
                description = "ISO-8601 duration (days, hours, minutes, seconds) before due_at, PT0S to P366D.")
        String reminderOffset) {
}
