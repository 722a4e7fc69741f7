package dev.todo.recurring.occurrence;

import dev.todo.common.events.TaskData;
import dev.todo.common.events.TaskEvent;
import dev.todo.common.events.TaskEventType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Test tasks and events in the shape todo-api publishes them. */
public final class Tasks {

    private Tasks() {
    }

    public static TaskData recurring(long id, String pattern, String anchor, String zone, Instant dueAt,
                                     int occurrence, Instant completedAt) {
        return new TaskData(id, "u1", "Water the plants", null, completedAt != null, "medium", List.of(), dueAt,
                zone, pattern, anchor, "PT15M", dueAt.minusSeconds(900), "series-" + id, occurrence, completedAt,
                dueAt.minusSeconds(86_400), completedAt != null ? completedAt : dueAt, 3, null);
    }

    public static TaskData plain(long id) {
        Instant due = Instant.parse("2026-03-10T09:00:00Z");
        return new TaskData(id, "u1", "Once", null, true, "medium", List.of(), due, "UTC", null, null, null, null,
                null, 1, due, due, due, 2, null);
    }

    public static TaskEvent event(TaskEventType type, TaskData task) {
        return new TaskEvent(UUID.randomUUID(), type, task.id(), task, task.userId(),
                task.completedAt() != null ? task.completedAt() : task.updatedAt(), TaskEvent.SCHEMA_VERSION);
    }
}
