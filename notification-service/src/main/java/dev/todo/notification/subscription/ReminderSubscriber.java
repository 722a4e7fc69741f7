package dev.todo.notification.subscription;

import dev.todo.common.events.ReminderEvent;
import dev.todo.common.events.Topics;
import dev.todo.common.pubsub.CloudEventSubscriber;
import dev.todo.common.pubsub.DaprAppResponse;
import dev.todo.common.pubsub.Subscription;
import dev.todo.notification.notification.ReminderIntake;
import io.dapr.Topic;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.event.Level;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Dapr delivers {@code reminders} here; each reminder becomes one notification. */
@RestController
class ReminderSubscriber {

    static final String ROUTE = "/events/reminders";
    private static final Subscription<ReminderEvent> REMINDERS = new Subscription<>(Topics.REMINDERS,
            Topics.REMINDERS_DLQ, ReminderEvent.class, ReminderSubscriber::problems, "reminder", Level.DEBUG);

    private final CloudEventSubscriber subscriber;
    private final ReminderIntake intake;

    ReminderSubscriber(CloudEventSubscriber subscriber, ReminderIntake intake) {
        this.subscriber = subscriber;
        this.intake = intake;
    }

    @Topic(name = Topics.REMINDERS, pubsubName = Topics.PUBSUB, deadLetterTopic = Topics.REMINDERS_DLQ)
    @PostMapping(path = ROUTE)
    ResponseEntity<DaprAppResponse> onReminder(@RequestBody(required = false) byte[] body) {
        return subscriber.receive(body, REMINDERS,
                reminder -> StorageFailures.classified(() -> intake.accept(reminder).isPresent() ? "recorded" : "duplicate"));
    }

    static List<String> problems(ReminderEvent e) {
        List<String> problems = new ArrayList<>();
        if (e.eventId() == null) {
            problems.add("event_id is missing");
        }
        if (e.taskId() <= 0) {
            problems.add("task_id must be positive");
        }
        if (e.userId() == null || e.userId().isBlank()) {
            problems.add("user_id is missing");
        }
        if (e.title() == null) {
            problems.add("title is missing");
        }
        if (e.remindAt() == null) {
            problems.add("remind_at is missing");
        } else if (!plausible(e.remindAt())) {
            problems.add("remind_at is outside years 1-9999");
        }
        if (e.dueAt() != null && !plausible(e.dueAt())) {
            problems.add("due_at is outside years 1-9999");
        }
        return problems;
    }

    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    /** Instants a task can carry; beyond them storage and e-mail formatting would fail forever. */
    private static boolean plausible(Instant instant) {
        return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
    }
}
