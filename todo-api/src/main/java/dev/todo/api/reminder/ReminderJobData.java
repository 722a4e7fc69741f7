package dev.todo.api.reminder;

import java.time.Instant;

/**
 * The data stored with a reminder job, sent back by daprd as the body of {@code POST /job/reminder-{id}}.
 * {@code traceparent}: the W3C context of the task change that scheduled the job (absent in jobs scheduled
 * without tracing); the firing continues it, so the reminder's event and notification share the task's trace
 * (Zipkin has no span links, so "linked" means the same trace id).
 */
record ReminderJobData(Long taskId, Instant remindAt, String traceparent) {
}
