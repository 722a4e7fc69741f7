package dev.todo.notification.subscription;

import dev.todo.common.events.TaskEvent;
import dev.todo.common.events.Topics;
import dev.todo.common.pubsub.CloudEventSubscriber;
import dev.todo.common.pubsub.DaprAppResponse;
import dev.todo.common.pubsub.Subscription;
import dev.todo.notification.stream.StreamEvent;
import dev.todo.notification.stream.StreamEventStore;
import io.dapr.Topic;
import java.time.Clock;
import org.slf4j.event.Level;
import org.springframework.http.ResponseEntity;
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
    private static final Subscription<TaskEvent> TASK_UPDATES = new Subscription<>(Topics.TASK_UPDATES, null,
            TaskEvent.class, TaskEvent::problems, "task_update", Level.DEBUG);

    private final CloudEventSubscriber subscriber;
    private final StreamEventStore stream;
    private final Clock clock;

    TaskUpdateSubscriber(CloudEventSubscriber subscriber, StreamEventStore stream, Clock clock) {
        this.subscriber = subscriber;
        this.stream = stream;
        this.clock = clock;
    }

    @Topic(name = Topics.TASK_UPDATES, pubsubName = Topics.PUBSUB)
    @PostMapping(path = ROUTE)
    ResponseEntity<DaprAppResponse> onTaskUpdate(@RequestBody(required = false) byte[] body) {
        return subscriber.receive(body, TASK_UPDATES, update -> StorageFailures.classified(() ->
                stream.append(update.userId(), StreamEvent.TASK_UPDATE, update, update.eventId(), clock.instant())
                        ? "streamed" : "duplicate"));
    }
}
