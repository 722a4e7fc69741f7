package dev.todo.common.events;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.UUID;

/** SPEC §3: published on {@code task-events} and {@code task-updates}, keyed by task id. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TaskEvent(
        UUID eventId,
        TaskEventType eventType,
        long taskId,
        TaskData taskData,
        String userId,
        Instant timestamp,
        int schemaVersion) {

    public static final int SCHEMA_VERSION = 1;

    public static TaskEvent of(TaskEventType type, TaskData task, Instant timestamp) {
        return new TaskEvent(UUID.randomUUID(), type, task.id(), task, task.userId(), timestamp, SCHEMA_VERSION);
    }
}
