package dev.todo.api.outbox;

import java.time.Instant;
import java.util.UUID;

/** A parked outbox row, as the replay route lists it (without its payload: that may be large). */
public record ParkedEvent(long id, UUID eventId, long taskId, String topic, String eventType, int attempts,
        String lastError, Instant createdAt, Instant parkedAt) {
}
