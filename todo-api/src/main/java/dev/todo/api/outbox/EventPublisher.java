package dev.todo.api.outbox;

import dev.todo.common.events.CloudEventTypes;
import dev.todo.common.events.Topics;
import io.dapr.client.DaprClient;
import io.dapr.client.domain.PublishEventRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Publishes one outbox row through the Dapr sidecar. The task id is the Kafka partition key, so one task's
 * events stay in order; the outbox event id becomes the CloudEvent id, so consumers can recognise a
 * redelivery.
 */
@Component
public class EventPublisher {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final DaprClient dapr;

    public EventPublisher(DaprClient dapr) {
        this.dapr = dapr;
    }

    public void publish(PendingEvent event) {
        for (String topic : topicsFor(event)) {
            PublishEventRequest request = new PublishEventRequest(Topics.PUBSUB, topic,
                    event.payload().getBytes(StandardCharsets.UTF_8))
                    .setContentType("application/json")
                    .setMetadata(Map.of(
                            Topics.PARTITION_KEY, Long.toString(event.taskId()),
                            "cloudevent.id", event.eventId().toString(),
                            "cloudevent.type", CloudEventTypes.forEventType(event.eventType())));
            dapr.publishEvent(request).block(TIMEOUT);
        }
    }

    /** A task event goes to the recurrence consumers and to the live-update consumers alike. */
    static List<String> topicsFor(PendingEvent event) {
        if (Topics.TASK_EVENTS.equals(event.topic())) {
            return List.of(Topics.TASK_EVENTS, Topics.TASK_UPDATES);
        }
        return List.of(event.topic());
    }
}
