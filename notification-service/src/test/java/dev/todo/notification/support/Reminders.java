package dev.todo.notification.support;

import dev.todo.common.events.ReminderEvent;
import dev.todo.common.events.TaskData;
import dev.todo.common.events.TaskEvent;
import dev.todo.common.events.TaskEventType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

public final class Reminders {

    private static final AtomicLong TASK_IDS = new AtomicLong(System.nanoTime() % 1_000_000_000L);

    private Reminders() {
    }

    /** A task id no other test uses (tests share one database). */
    public static long newTaskId() {
        return TASK_IDS.incrementAndGet();
    }

    public static String newUserId() {
        return "user-" + UUID.randomUUID();
    }

    public static ReminderEvent reminder(long taskId, String userId, Instant remindAt) {
        return new ReminderEvent(UUID.randomUUID(), taskId, "Task " + taskId, remindAt.plusSeconds(900), remindAt,
                userId);
    }

    /** An {@code updated} event for the task, as todo-api publishes it on task-updates. */
    public static TaskEvent taskUpdate(long task, String user) {
        Instant now = Instant.parse("2026-03-02T09:00:00Z");
        TaskData data = new TaskData(task, user, "Buy milk", null, false, "medium", List.of(), null, "UTC", null,
                null, null, null, null, 1, null, now, now, 2);
        return new TaskEvent(UUID.randomUUID(), TaskEventType.UPDATED, task, data, user, now, 1);
    }
}
