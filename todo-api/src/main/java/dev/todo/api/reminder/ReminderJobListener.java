package dev.todo.api.reminder;

import dev.todo.common.events.TaskData;
import dev.todo.common.events.TaskEvent;
import dev.todo.common.events.TaskEventType;
import dev.todo.common.tracing.TraceParents;
import java.time.Clock;
import java.time.Instant;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Turns every task change into the reminder job it wants, in the task's own transaction (the outbox writer
 * publishes each TaskEvent synchronously): the wanted job commits or rolls back with the change, and the task
 * module never touches {@code reminder_jobs}. After commit the worker is woken.
 */
@Component
class ReminderJobListener {

    private final ReminderJobStore store;
    private final ReminderJobWorker worker;
    private final Clock clock;
    private final TraceParents traceParents;

    ReminderJobListener(ReminderJobStore store, ReminderJobWorker worker, Clock clock, TraceParents traceParents) {
        this.store = store;
        this.worker = worker;
        this.clock = clock;
        this.traceParents = traceParents;
    }

    @EventListener
    void taskChanged(TaskEvent event) {
        TaskData task = event.taskData();
        boolean wantsJob = event.eventType() != TaskEventType.DELETED && !task.completed() && task.remindAt() != null;
        if (!wantsJob && event.eventType() == TaskEventType.CREATED) {
            return; // a new task has no row yet: spare the write path a statement
        }
        Instant remindAt = wantsJob ? task.remindAt() : null;
        if (store.want(event.taskId(), remindAt, task.version(), clock.instant(),
                traceParents.current().orElse(null))
                && TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    worker.wake();
                }
            });
        }
    }
}
