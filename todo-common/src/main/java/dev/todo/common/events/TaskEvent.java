package dev.todo.common.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** SPEC §3: published on {@code task-events} and {@code task-updates}, keyed by task id. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(description = "One change of a task, as published on task-events (the task's history).")
public record TaskEvent(
        UUID eventId,
        @Schema(type = "string", allowableValues = {"created", "updated", "completed", "uncompleted", "deleted"},
                example = "created") TaskEventType eventType,
        @Schema(example = "42") long taskId,
        TaskData taskData,
        @Schema(example = "demo-user") String userId,
        @Schema(example = "2026-03-20T10:00:00Z") Instant timestamp,
        @Schema(example = "1", minimum = "1") int schemaVersion) implements SubscribedEvent {

    public static final int SCHEMA_VERSION = 1;

    public static TaskEvent of(TaskEventType type, TaskData task, Instant timestamp) {
        return new TaskEvent(UUID.randomUUID(), type, task.id(), task, task.userId(), timestamp, SCHEMA_VERSION);
    }

    @Override
    @JsonIgnore
    public String eventTypeName() {
        return eventType == null ? null : eventType.wireName();
    }

    /** What makes a received event unusable for every consumer (a poison message); empty when well-formed. */
    @JsonIgnore
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (eventId == null) {
            problems.add("event_id is missing");
        }
        if (eventType == null) {
            problems.add("event_type is missing");
        }
        if (taskId <= 0) {
            problems.add("task_id must be positive");
        }
        if (userId == null || userId.isBlank()) {
            problems.add("user_id is missing");
        }
        if (taskData != null && taskData.id() != taskId) {
            problems.add("task_data.id differs from task_id");
        }
        return problems;
    }
}
