package dev.todo.notification.subscription;

import dev.todo.common.events.TaskEvent;
import dev.todo.common.events.Topics;
import dev.todo.common.pubsub.CloudEventReader;
import dev.todo.common.pubsub.DaprAppResponse;
import dev.todo.common.pubsub.PoisonMessageException;
import dev.todo.notification.stream.StreamEvent;
import dev.todo.notification.stream.StreamEventStore;
import io.dapr.Topic;
import io.dapr.client.domain.CloudEvent;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Dapr delivers {@code task-updates} here; each becomes a {@code task-update} stream event for the
 * task's owner. No dead-letter topic of its own exists in the contract: a poison update is
 * dropped and logged.
 */
@RestController
class TaskUpdateSubscriber {

    static final String ROUTE = "/events/task-updates";
    private static final Logger log = LoggerFactory.getLogger(TaskUpdateSubscriber.class);

    private final CloudEventReader reader;
    private final StreamEventStore stream;
    private final Clock clock;

    TaskUpdateSubscriber(CloudEventReader reader, StreamEventStore stream, Clock clock) {
        this.reader = reader;
        this.stream = stream;
        this.clock = clock;
    }

    @Topic(name = Topics.TASK_UPDATES, pubsubName = Topics.PUBSUB)
    @PostMapping(path = ROUTE)
    ResponseEntity<DaprAppResponse> onTaskUpdate(@RequestBody(required = false) byte[] body) {
        CloudEvent<TaskEvent> event;
        try {
            event = reader.read(body, TaskEvent.class, TaskEvent::problems);
        } catch (PoisonMessageException e) {
            log.atError().setMessage("poison task update dropped").addKeyValue("event", "poison_dropped")
                    .addKeyValue("topic", Topics.TASK_UPDATES).addKeyValue("cloud_event_id", e.cloudEventId())
                    .addKeyValue("reason", e.getMessage()).log();
            return DaprAppResponse.drop();
        }
        TaskEvent update = event.getData();
        try {
            boolean appended = stream.append(update.userId(), StreamEvent.TASK_UPDATE, update, update.eventId(),
                    clock.instant());
            log.atDebug().setMessage("task update streamed").addKeyValue("event", "task_update_streamed")
                    .addKeyValue("event_id", update.eventId()).addKeyValue("task_id", update.taskId())
                    .addKeyValue("user_id", update.userId()).addKeyValue("event_type", update.eventType())
                    .addKeyValue("new", appended).log();
            return DaprAppResponse.success();
        } catch (DataIntegrityViolationException e) {
            // values PostgreSQL can never store (a NUL character in the payload): poison
            log.atError().setMessage("task update the database cannot store, dropped")
                    .addKeyValue("event", "task_update_rejected").addKeyValue("event_id", update.eventId())
                    .addKeyValue("task_id", update.taskId()).addKeyValue("user_id", update.userId())
                    .addKeyValue("error", e.getMostSpecificCause().toString()).log();
            return DaprAppResponse.drop();
        } catch (DataAccessException | TransactionException e) {
            // the database is unreachable or failing: the message is fine, try it again later
            log.atWarn().setMessage("task update not stored, asking Dapr to retry")
                    .addKeyValue("event", "task_update_retry")
                    .addKeyValue("event_id", update.eventId()).addKeyValue("task_id", update.taskId())
                    .addKeyValue("user_id", update.userId()).addKeyValue("error", e.toString()).log();
            return DaprAppResponse.retry();
        }
    }
}
