package dev.todo.recurring.subscription;

import dev.todo.common.events.CloudEventTypes;
import dev.todo.common.events.TaskEvent;
import dev.todo.common.events.Topics;
import dev.todo.common.pubsub.CloudEventSubscriber;
import dev.todo.common.pubsub.DaprAppResponse;
import dev.todo.common.pubsub.Subscription;
import dev.todo.recurring.occurrence.TaskEventHandler;
import io.dapr.Rule;
import io.dapr.Topic;
import org.slf4j.event.Level;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Dapr delivers {@code task-events} here. recurring-service acts only on completions and un-completions, so a
 * routing rule sends the task events it never acts on (by their CloudEvent type) to {@link #NOT_ACTED_ON}, which
 * answers without reading them. Everything else, including a type this rule does not know (events published
 * before the types were versioned, or by hand), takes the default route to the handler, which decides on the
 * payload as before.
 *
 * <p>Why not simply leave those events unrouted: daprd 1.18 sends an event that matches no rule to the
 * subscription's dead-letter topic (pkg/runtime/subscription/subscription.go, {@code !shouldProcess};
 * dapr/dapr#8297), so every created, updated and deleted task would land on {@code task-events-dlq}.
 */
@RestController
class TaskEventSubscriber {

    static final String ROUTE = "/events/task-events";
    static final String NOT_ACTED_ON = "/events/task-events/not-acted-on";
    static final String NOT_ACTED_ON_MATCH = "event.type in ['" + CloudEventTypes.TASK_CREATED + "', '"
            + CloudEventTypes.TASK_UPDATED + "', '" + CloudEventTypes.TASK_DELETED + "']";

    private static final Subscription<TaskEvent> TASK_EVENTS = new Subscription<>(Topics.TASK_EVENTS,
            Topics.TASK_EVENTS_DLQ, TaskEvent.class, TaskEvent::problems, "task_event", Level.INFO);

    private final CloudEventSubscriber subscriber;
    private final TaskEventHandler handler;

    TaskEventSubscriber(CloudEventSubscriber subscriber, TaskEventHandler handler) {
        this.subscriber = subscriber;
        this.handler = handler;
    }

    @Topic(name = Topics.TASK_EVENTS, pubsubName = Topics.PUBSUB, deadLetterTopic = Topics.TASK_EVENTS_DLQ)
    @PostMapping(path = ROUTE)
    ResponseEntity<DaprAppResponse> onTaskEvent(@RequestBody(required = false) byte[] body) {
        return subscriber.receive(body, TASK_EVENTS, handler::handle);
    }

    @Topic(name = Topics.TASK_EVENTS, pubsubName = Topics.PUBSUB, deadLetterTopic = Topics.TASK_EVENTS_DLQ,
            rule = @Rule(match = NOT_ACTED_ON_MATCH, priority = 1))
    @PostMapping(path = NOT_ACTED_ON)
    ResponseEntity<DaprAppResponse> onEventNotActedOn() {
        return DaprAppResponse.success();
    }
}
