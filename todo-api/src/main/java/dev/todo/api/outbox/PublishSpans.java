package dev.todo.api.outbox;

import dev.todo.common.tracing.TraceParents;
import io.micrometer.tracing.Span;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The trace side of publishing one outbox event: a producer span that continues the context the row stored when
 * it was written, and the metadata that makes daprd put that span's context into the CloudEvent.
 *
 * <p>Why metadata and not only the call's {@code traceparent}: daprd 1.18 builds the envelope's
 * {@code traceparent}/{@code traceid} from its own span of the publish request, unless the request metadata
 * names {@code cloudevent.traceparent} (pkg/runtime/pubsub/cloudevents.go, {@code NewCloudEvent}). In a bulk
 * publish every entry's metadata is decoded the same way while the request has one span for all entries
 * (pkg/api/grpc/grpc.go, {@code bulkPublishEvent}), so a per-entry {@code cloudevent.traceparent} keeps each event
 * in its own request's trace however the relay batches. Subscribing daprds start their span from that field and
 * send it to the app as the {@code traceparent} header.
 */
@Component
public class PublishSpans {

    static final String CLOUDEVENT_TRACEPARENT = "cloudevent.traceparent";

    private final TraceParents traceParents;

    public PublishSpans(TraceParents traceParents) {
        this.traceParents = traceParents;
    }

    /** Started, not ended: the caller ends it once the publish returned. */
    public Span start(PendingEvent event, String topic) {
        return traceParents.startContinuing(event.traceparent(), "publish " + topic, Span.Kind.PRODUCER)
                .tag("messaging.destination.name", topic)
                .tag("messaging.message.id", event.eventId().toString())
                .tag("todo.task_id", Long.toString(event.taskId()))
                .tag("todo.event_type", event.eventType());
    }

    /** Per-entry publish metadata: empty with tracing off, so daprd then traces the event as before. */
    public Map<String, String> cloudEventMetadata(Span span) {
        return traceParents.of(span).map(tp -> Map.of(CLOUDEVENT_TRACEPARENT, tp)).orElse(Map.of());
    }
}
