package dev.todo.api.outbox;

import dev.todo.common.events.CloudEventTypes;
import dev.todo.common.events.Topics;
import dev.todo.common.tracing.DaprCallTracing;
import io.dapr.client.DaprClient;
import io.dapr.client.domain.PublishEventRequest;
import io.micrometer.tracing.Span;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Publishes one outbox row through the Dapr sidecar. The task id is the Kafka partition key, so one task's
 * events stay in order; the outbox event id becomes the CloudEvent id, so consumers can recognise a
 * redelivery.
 *
 * <p>Each publish runs in a producer span continuing the row's stored trace context ({@link PublishSpans}); that
 * span's {@code traceparent} becomes the CloudEvent's, which is the context daprd hands every subscriber.
 */
@Component
public class EventPublisher {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final DaprClient dapr;
    private final PublishSpans spans;
    private final DaprCallTracing daprTracing;

    public EventPublisher(DaprClient dapr, PublishSpans spans, DaprCallTracing daprTracing) {
        this.dapr = dapr;
        this.spans = spans;
        this.daprTracing = daprTracing;
    }

    public void publish(PendingEvent event) {
        for (String topic : topicsFor(event)) {
            Span span = spans.start(event, topic);
            Map<String, String> metadata = new HashMap<>(Map.of(
                    Topics.PARTITION_KEY, Long.toString(event.taskId()),
                    "cloudevent.id", event.eventId().toString(),
                    "cloudevent.type", CloudEventTypes.forEventType(event.eventType())));
            metadata.putAll(spans.cloudEventMetadata(span));
            PublishEventRequest request = new PublishEventRequest(Topics.PUBSUB, topic,
                    event.payload().getBytes(StandardCharsets.UTF_8))
                    .setContentType("application/json")
                    .setMetadata(metadata);
            daprTracing.call(span, dapr.publishEvent(request), TIMEOUT);
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
