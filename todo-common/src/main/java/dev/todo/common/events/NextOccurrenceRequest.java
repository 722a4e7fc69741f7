package dev.todo.common.events;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * Body of recurring-service's Dapr service invocation
 * {@code POST /internal/tasks/{completedTaskId}/next-occurrence} on todo-api.
 * todo-api copies every other field from the completed task; (seriesId, occurrence) makes it idempotent.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NextOccurrenceRequest(String seriesId, int occurrence, Instant dueAt, String userId) {
}
