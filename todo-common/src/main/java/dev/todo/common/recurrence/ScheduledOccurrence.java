package dev.todo.common.recurrence;

import java.time.Instant;
import java.time.ZonedDateTime;

/** A future occurrence of a series: its number and its due date in the task's zone. */
public record ScheduledOccurrence(int occurrence, ZonedDateTime localDueAt) {

    public Instant dueAt() {
        return localDueAt.toInstant();
    }
}
