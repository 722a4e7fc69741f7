package dev.todo.api.task;

import dev.todo.common.recurrence.RecurrenceAnchor;
import dev.todo.common.recurrence.RecurrenceRule;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * A validated, normalized task write.
 *
 * @param completed null when the request did not say (the state is then left as it is)
 */
record TaskInput(
        String title,
        String description,
        Boolean completed,
        Priority priority,
        List<String> tags,
        Instant dueAt,
        ZoneId timeZone,
        RecurrenceRule recurrence,
        RecurrenceAnchor anchor,
        Duration reminderOffset) {

    Instant remindAt() {
        return Task.remindAt(dueAt, reminderOffset);
    }
}
