package dev.todo.api.outbox;

import dev.todo.common.tracing.TraceParents;
import io.micrometer.tracing.Span;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The trace side of publishing one outbox event: a producer span that continues the context the row stored when
 * it was written, and the W3C context the event's CloudEvent carries ({@link CloudEventEnvelope}).
 *
 * <p>The envelope is written per event, so each event names its own request's trace however the relay batches
 * (one bulk call holds events of many requests). Subscribing daprds start their span from its
 * {@code traceparent} and send that span's context to the app as the {@code traceparent} header; the bulk
 * subscriber reads each entry's from its CloudEvent.
 */
@Component
public class PublishSpans {

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

    /**
     * The W3C context subscribers continue: the publish span's, or with tracing off (a no-op span) the row's stored
     * one, which the caller's {@code traceparent} header gave the request whether or not it was sampled.
     */
    public Map<String, String> context(Span span, PendingEvent event) {
        Map<String, String> headers = traceParents.headersOf(span);
        if (headers.containsKey(TraceParents.TRACEPARENT) || event.traceparent() == null) {
            return headers;
        }
        return Map.of(TraceParents.TRACEPARENT, event.traceparent());
    }
}
