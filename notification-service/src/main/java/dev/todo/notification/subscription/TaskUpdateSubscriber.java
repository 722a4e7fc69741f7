package dev.todo.notification.subscription;

import dev.todo.common.events.TaskEvent;
import dev.todo.common.events.Topics;
import dev.todo.common.pubsub.BulkCloudEventSubscriber;
import dev.todo.common.pubsub.BulkDelivery;
import dev.todo.common.pubsub.Subscription;
import dev.todo.notification.stream.StreamEvent;
import dev.todo.notification.stream.StreamEventStore;
import dev.todo.notification.stream.StreamEventStore.NewStreamEvent;
import io.dapr.Topic;
import io.dapr.client.domain.BulkSubscribeAppResponse;
import io.dapr.springboot.annotations.BulkSubscribe;
import java.time.Clock;
import java.util.List;
import org.slf4j.event.Level;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Dapr delivers {@code task-updates} here in bulk (one request per batch, see {@link BulkDelivery}); each becomes a
 * {@code task-update} stream event for the task's owner, the whole batch in one multi-row insert. No dead-letter
 * topic of its own exists in the contract: a poison update is dropped and logged.
 */
@RestController
class TaskUpdateSubscriber {

    static final String ROUTE = "/events/task-updates";
    private static final Subscription<TaskEvent> TASK_UPDATES = new Subscription<>(Topics.TASK_UPDATES, null,
            TaskEvent.class, TaskEvent::problems, "task_update", Level.DEBUG);

    private final BulkCloudEventSubscriber subscriber;
    private final StreamEventStore stream;
    private final Clock clock;

    TaskUpdateSubscriber(BulkCloudEventSubscriber subscriber, StreamEventStore stream, Clock clock) {
        this.subscriber = subscriber;
        this.stream = stream;
        this.clock = clock;
    }

    @Topic(name = Topics.TASK_UPDATES, pubsubName = Topics.PUBSUB)
    @BulkSubscribe(maxMessagesCount = BulkDelivery.MAX_MESSAGES, maxAwaitDurationMs = BulkDelivery.MAX_AWAIT_MS)
    @PostMapping(path = ROUTE)
    ResponseEntity<BulkSubscribeAppResponse> onTaskUpdates(@RequestBody(required = false) byte[] body) {
        return subscriber.receiveBatch(body, TASK_UPDATES, this::streamAll, this::streamOne);
    }

    private List<String> streamAll(List<TaskEvent> updates) {
        List<NewStreamEvent> events = updates.stream().map(update ->
                new NewStreamEvent(update.userId(), StreamEvent.TASK_UPDATE, update, update.eventId())).toList();
        return StorageFailures.classified(() -> stream.appendAll(events, clock.instant()).stream()
                .map(appended -> appended ? "streamed" : "duplicate").toList());
    }

    private String streamOne(TaskEvent update) {
        return streamAll(List.of(update)).get(0);
    }
}
