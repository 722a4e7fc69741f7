package dev.todo.notification.delivery;

import dev.todo.notification.notification.Notification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The default channel: a structured log line per reminder. */
@Component
class LogChannel implements DeliveryChannel {

    private static final Logger log = LoggerFactory.getLogger(LogChannel.class);

    @Override
    public String name() {
        return LOG;
    }

    @Override
    public void deliver(Notification n) {
        log.info("reminder notification_id={} task_id={} user_id={} title=\"{}\" due_at={} remind_at={}",
                n.id(), n.taskId(), n.userId(), n.title(), n.dueAt(), n.remindAt());
    }
}
