package dev.todo.notification.stream;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** The answer to {@code POST /api/{user_id}/stream-tickets}: open the stream with {@code ?ticket=} before it expires. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record StreamTicket(
        @Schema(description = "Single use; open the stream with ?ticket= before expires_at.",
                requiredMode = Schema.RequiredMode.REQUIRED) String ticket,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Instant expiresAt) {
}
