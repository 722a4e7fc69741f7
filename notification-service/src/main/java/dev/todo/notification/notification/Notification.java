package dev.todo.notification.notification;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.UUID;

/** SPEC §2 Notification fields, as stored and as the API returns them. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Notification(
        long id,
        String userId,
        long taskId,
        @JsonIgnore UUID eventId,
        String title,
        Instant dueAt,
        Instant remindAt,
        String channel,
        DeliveryStatus status,
        int attempts,
        Instant createdAt,
        Instant deliveredAt,
        Instant readAt) {
}
