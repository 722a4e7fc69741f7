package dev.todo.notification.subscription;

import dev.todo.common.events.ReminderEvent;
import dev.todo.common.events.Topics;
import dev.todo.common.pubsub.CloudEventReader;
import dev.todo.common.pubsub.DaprAppResponse;
import dev.todo.common.pubsub.PoisonMessageException;
import dev.todo.notification.notification.ReminderIntake;
import io.dapr.Topic;
import io.dapr.client.domain.CloudEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Dapr delivers {@code reminders} here; each reminder becomes one notification. */
@RestController
class ReminderSubscriber {

    static final String ROUTE = "/events/reminders";
    private static final Logger log = LoggerFactory.getLogger(ReminderSubscriber.class);

    private final CloudEventReader reader;
    private final ReminderIntake intake;

    ReminderSubscriber(CloudEventReader reader, ReminderIntake intake) {
        this.reader = reader;
        this.intake = intake;
    }

    @Topic(name = Topics.REMINDERS, pubsubName = Topics.PUBSUB, deadLetterTopic = Topics.REMINDERS_DLQ)
    @PostMapping(path = ROUTE)
    ResponseEntity<DaprAppResponse> onReminder(@RequestBody(required = false) byte[] body) {
        CloudEvent<ReminderEvent> event;
        try {
            event = reader.read(body, ReminderEvent.class, ReminderSubscriber::problems);
        } catch (PoisonMessageException e) {
            log.atError().setMessage("poison reminder dropped to the dead-letter topic")
                    .addKeyValue("event", "poison_dropped")
                    .addKeyValue("topic", Topics.REMINDERS).addKeyValue("dead_letter_topic", Topics.REMINDERS_DLQ)
                    .addKeyValue("cloud_event_id", e.cloudEventId()).addKeyValue("reason", e.getMessage()).log();
            return DaprAppResponse.drop();
        }
        ReminderEvent reminder = event.getData();
        try {
            intake.accept(reminder);
            return DaprAppResponse.success();
        } catch (DataIntegrityViolationException e) {
            // values PostgreSQL can never store (a NUL character, a year beyond its range): poison
            log.atError().setMessage("reminder the database cannot store, dropped to the dead-letter topic")
                    .addKeyValue("event", "reminder_rejected").addKeyValue("dead_letter_topic", Topics.REMINDERS_DLQ)
                    .addKeyValue("event_id", reminder.eventId()).addKeyValue("task_id", reminder.taskId())
                    .addKeyValue("user_id", reminder.userId())
                    .addKeyValue("error", e.getMostSpecificCause().toString()).log();
            return DaprAppResponse.drop();
        } catch (DataAccessException | TransactionException e) {
            // the database is unreachable or failing: the message is fine, try it again later
            log.atWarn().setMessage("reminder not stored, asking Dapr to retry").addKeyValue("event", "reminder_retry")
                    .addKeyValue("event_id", reminder.eventId()).addKeyValue("task_id", reminder.taskId())
                    .addKeyValue("user_id", reminder.userId()).addKeyValue("error", e.toString()).log();
            return DaprAppResponse.retry();
        }
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
