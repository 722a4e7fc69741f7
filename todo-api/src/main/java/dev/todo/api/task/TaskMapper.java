package dev.todo.api.task;

import dev.todo.common.events.TaskData;
import java.util.List;

/** The task as the API returns it, which is also exactly the {@code task_data} of its events. */
public final class TaskMapper {

    private TaskMapper() {
    }

    public static TaskData toData(Task task) {
        return toData(task, task.getId());
    }

    /** A task whose row was written without Hibernate ({@link TaskInsert}), so the entity does not know its id. */
    static TaskData toData(Task task, long id) {
        return new TaskData(
                id,
                task.getUserId(),
                task.getTitle(),
                task.getDescription(),
                task.isCompleted(),
                task.getPriority().wireName(),
                List.copyOf(task.getTags()),
                task.getDueAt(),
                task.getTimeZone(),
                task.getRecurrencePattern(),
                task.getRecurrenceAnchor().wireName(),
                reminderOffset(task),
                task.getRemindAt(),
                task.getSeriesId().toString(),
                task.getOccurrence(),
                task.getCompletedAt(),
                task.getCreatedAt(),
                task.getUpdatedAt(),
                task.getVersion(),
                task.getSeriesStartAt());
    }

    /** The writable fields of a task, as the base a JSON merge patch applies to. */
    static TaskRequest toRequest(Task task) {
        return new TaskRequest(
                task.getTitle(),
                task.getDescription(),
                task.isCompleted(),
                task.getPriority().wireName(),
                List.copyOf(task.getTags()),
                task.getDueAt() == null ? null : task.getDueAt().atZone(task.zone()).toOffsetDateTime().toString(),
                task.getTimeZone(),
                task.getRecurrencePattern(),
                task.getRecurrenceAnchor().wireName(),
                reminderOffset(task));
    }

    private static String reminderOffset(Task task) {
        return task.getReminderOffset() == null ? null : task.getReminderOffset().toString();
    }
}
