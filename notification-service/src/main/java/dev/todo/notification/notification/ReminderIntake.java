package dev.todo.notification.notification;

import dev.todo.common.events.ReminderEvent;
import dev.todo.notification.delivery.DeliveryProperties;
import dev.todo.notification.delivery.NotificationDelivery;
import dev.todo.notification.stream.StreamEvent;
import dev.todo.notification.stream.StreamEventStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.task.TaskExecutor;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns a reminder into exactly one notification: the row and its stream event commit together,
 * a repeated reminder finds the row and does nothing, and delivery runs after the commit.
 */
@Service
public class ReminderIntake {

    private static final Logger log = LoggerFactory.getLogger(ReminderIntake.class);

    private final NotificationRepository notifications;
    private final StreamEventStore stream;
    private final NotificationDelivery delivery;
    private final DeliveryProperties deliveryProperties;
    private final TransactionTemplate transaction;
    private final TaskExecutor executor;
    private final Clock clock;

    public ReminderIntake(NotificationRepository notifications, StreamEventStore stream, NotificationDelivery delivery,
                          DeliveryProperties deliveryProperties, TransactionTemplate transaction,
                          @Qualifier("applicationTaskExecutor") TaskExecutor executor, Clock clock) {
        this.notifications = notifications;
        this.stream = stream;
        this.delivery = delivery;
        this.deliveryProperties = deliveryProperties;
        this.transaction = transaction;
        this.executor = executor;
        this.clock = clock;
    }

    /** @return the new notification, or empty when this reminder was recorded before */
    public Optional<Notification> accept(ReminderEvent event) {
        Instant now = clock.instant();
        String channel = delivery.channelFor(event.userId());
        Optional<Notification> created = transaction.execute(status -> {
            Optional<Notification> inserted = notifications.insertIfAbsent(
                    event, channel, now, now.plus(deliveryProperties.lease()));
            inserted.ifPresent(n -> stream.append(n.userId(), StreamEvent.NOTIFICATION, n, event.eventId(), now));
            return inserted;
        });
        if (created.isEmpty()) {
            log.atInfo().setMessage("reminder already recorded").addKeyValue("event", "reminder_duplicate")
                    .addKeyValue("event_id", event.eventId()).addKeyValue("task_id", event.taskId())
                    .addKeyValue("user_id", event.userId()).addKeyValue("remind_at", event.remindAt()).log();
            return created;
        }
        Notification n = created.get();
        log.atInfo().setMessage("notification recorded").addKeyValue("event", "notification_recorded")
                .addKeyValue("notification_id", n.id()).addKeyValue("event_id", event.eventId())
                .addKeyValue("task_id", n.taskId()).addKeyValue("user_id", n.userId())
                .addKeyValue("channel", n.channel()).log();
        // The claim lease covers this hand-off: if the process dies here, the retrier delivers.
        executor.execute(() -> delivery.deliver(n));
        return created;
    }
}
