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
        log.atInfo().setMessage("reminder: {}").addArgument(n.title()).addKeyValue("event", "reminder_delivered")
                .addKeyValue("notification_id", n.id()).addKeyValue("task_id", n.taskId())
                .addKeyValue("user_id", n.userId()).addKeyValue("title", n.title()).addKeyValue("due_at", n.dueAt())
                .addKeyValue("remind_at", n.remindAt()).log();
    }
}
