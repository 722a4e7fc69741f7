package dev.todo.api.reminder;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todo.api.outbox.DeliveryStep;
import dev.todo.api.outbox.PendingEvent;
import dev.todo.common.events.TaskData;
import dev.todo.common.events.TaskEvent;
import dev.todo.common.events.TaskEventType;
import dev.todo.common.events.Topics;
import java.time.Clock;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Keeps the reminder job in step with the task, driven by the task's own events in the outbox. Running in the
 * relay makes scheduling as durable as publishing: a crash after commit still schedules the job on restart,
 * and the per-task order of the outbox means the last state wins.
 */
@Component
@Order(10)
class ReminderJobSync implements DeliveryStep {

    private final ReminderJobs jobs;
    private final ObjectMapper objectMapper;
    private final Clock clock;

    ReminderJobSync(ReminderJobs jobs, ObjectMapper objectMapper, Clock clock) {
        this.jobs = jobs;
        this.objectMapper = objectMapper;
        this.clock = clock;
    }

    @Override
    public void deliver(PendingEvent event) {
        if (!Topics.TASK_EVENTS.equals(event.topic())) {
            return;
        }
        TaskEvent taskEvent = read(event);
        TaskData task = taskEvent.taskData();
        boolean wantsReminder = taskEvent.eventType() != TaskEventType.DELETED && task != null && !task.completed()
                && task.remindAt() != null;
        if (wantsReminder) {
            jobs.schedule(taskEvent.taskId(), task.remindAt(), clock.instant(), event.traceparent());
        } else if (taskEvent.eventType() != TaskEventType.CREATED) {
            // the previous version may have had a reminder; deleting a missing job is a no-op
            jobs.cancel(taskEvent.taskId());
        }
    }

    private TaskEvent read(PendingEvent event) {
        try {
            return objectMapper.readValue(event.payload(), TaskEvent.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("outbox row " + event.id() + " is not a TaskEvent", e);
        }
    }
}
