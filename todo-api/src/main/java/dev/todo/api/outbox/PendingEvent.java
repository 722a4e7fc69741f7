package dev.todo.api.outbox;

import java.time.Instant;
import java.util.UUID;

/** One unpublished outbox row, as the relay reads it. */
public record PendingEvent(long id, UUID eventId, long taskId, String topic, String eventType, String payload,
        Instant createdAt) {
}
