package dev.todo.notification.support;

import dev.todo.common.events.ReminderEvent;
import java.time.Instant;
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
}
