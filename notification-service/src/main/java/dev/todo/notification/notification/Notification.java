package dev.todo.notification.notification;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

/** SPEC §2 Notification fields, as stored and as the API returns them. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(description = "A reminder notification; every property is present, instants are UTC.")
public record Notification(
        @Schema(example = "7", minimum = "1") long id,
        @Schema(example = "demo-user") String userId,
        @Schema(example = "42") long taskId,
        @JsonIgnore UUID eventId,
        @Schema(example = "Water the plants") String title,
        @Schema(nullable = true, example = "2026-03-27T08:00:00Z") Instant dueAt,
        @Schema(example = "2026-03-27T07:45:00Z") Instant remindAt,
        @Schema(example = "log") String channel,
        @Schema(type = "string", allowableValues = {"pending", "sent", "failed"}, example = "sent")
        DeliveryStatus status,
        @Schema(minimum = "0", example = "1") int attempts,
        @Schema(example = "2026-03-27T07:45:00Z") Instant createdAt,
        @Schema(nullable = true, example = "2026-03-27T07:45:01Z") Instant deliveredAt,
        @Schema(nullable = true, example = "2026-03-27T08:10:00Z") Instant readAt) {
}
