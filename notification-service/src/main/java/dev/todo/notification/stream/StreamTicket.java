package dev.todo.notification.stream;

import java.time.Instant;

/** The answer to {@code POST /api/{user_id}/stream-tickets}: open the stream with {@code ?ticket=} before it expires. */
public record StreamTicket(String ticket, Instant expiresAt) {
}
