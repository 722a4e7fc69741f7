package dev.todo.recurring.subscription;

import dev.todo.common.events.CloudEventTypes;
import dev.todo.common.events.TaskEvent;
import dev.todo.common.events.Topics;
import dev.todo.common.pubsub.BulkCloudEventSubscriber;
import dev.todo.common.pubsub.BulkDelivery;
import dev.todo.common.pubsub.Subscription;
import dev.todo.recurring.occurrence.TaskEventHandler;
import io.dapr.Topic;
import io.dapr.client.domain.BulkSubscribeAppResponse;
import io.dapr.springboot.annotations.BulkSubscribe;
import java.util.Set;
import org.slf4j.event.Level;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Dapr delivers {@code task-events} here in bulk (see {@link BulkDelivery}). recurring-service acts only on
 * completions and un-completions: the task events it never acts on (by their CloudEvent type) are answered
 * SUCCESS without being read. Everything else, including a type this set does not know (events published before
 * the types were versioned, or by hand), goes to the handler, which decides on the payload.
 *
 * <p>Why no routing rule sends those events elsewhere, as it did per message: daprd 1.18 splits a bulk batch by
 * the rule each entry matches and posts each part to its own route (pkg/runtime/subscription/bulksubscription.go,
 * {@code routePathBulkMessageMap}), so a rule would cost a second request per batch. And an entry that matches no
 * rule is dead-lettered in bulk as per message ({@code getRouteIfProcessable}; dapr/dapr#8297), so the one default
 * route that takes every entry is what keeps created, updated and deleted tasks off {@code task-events-dlq}.
 */
@RestController
class TaskEventSubscriber {

    static final String ROUTE = "/events/task-events";
    static final Set<String> NOT_ACTED_ON = Set.of(CloudEventTypes.TASK_CREATED, CloudEventTypes.TASK_UPDATED,
            CloudEventTypes.TASK_DELETED);

    private static final Subscription<TaskEvent> TASK_EVENTS = new Subscription<>(Topics.TASK_EVENTS,
            Topics.TASK_EVENTS_DLQ, TaskEvent.class, TaskEvent::problems, "task_event", Level.INFO);

    private final BulkCloudEventSubscriber subscriber;
    private final TaskEventHandler handler;

    TaskEventSubscriber(BulkCloudEventSubscriber subscriber, TaskEventHandler handler) {
        this.subscriber = subscriber;
        this.handler = handler;
    }

    @Topic(name = Topics.TASK_EVENTS, pubsubName = Topics.PUBSUB, deadLetterTopic = Topics.TASK_EVENTS_DLQ)
    @BulkSubscribe(maxMessagesCount = BulkDelivery.MAX_MESSAGES, maxAwaitDurationMs = BulkDelivery.SHORT_AWAIT_MS)
    @PostMapping(path = ROUTE)
    ResponseEntity<BulkSubscribeAppResponse> onTaskEvents(@RequestBody(required = false) byte[] body) {
        return subscriber.receive(body, TASK_EVENTS, NOT_ACTED_ON, handler::handle);
    }
}
