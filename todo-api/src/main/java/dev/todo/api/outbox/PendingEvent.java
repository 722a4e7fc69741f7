package dev.todo.api.outbox;

import java.time.Instant;
import java.util.UUID;

/**
 * One unpublished outbox row, as the relay reads it. {@code traceparent}: the W3C context of the change that wrote
 * it (null when none was recorded), continued when the event is published.
 */
public record PendingEvent(long id, UUID eventId, long taskId, String topic, String eventType, String payload,
        Instant createdAt, String traceparent) {
}
