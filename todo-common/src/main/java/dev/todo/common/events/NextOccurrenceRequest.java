package dev.todo.common.events;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * Body of recurring-service's Dapr service invocation
 * {@code POST /internal/tasks/{completedTaskId}/next-occurrence} on todo-api.
 * todo-api copies every other field from the completed task; (seriesId, occurrence) makes it idempotent.
 * {@code sourceVersion} is the completed task's version in the event: todo-api creates nothing unless its own
 * task is completed at that version or a later one, so an event that todo-api never wrote creates nothing.
 * It may be absent (a caller from before it existed); then only the completion is checked.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NextOccurrenceRequest(String seriesId, int occurrence, Instant dueAt, String userId,
        Long sourceVersion) {

    public NextOccurrenceRequest(String seriesId, int occurrence, Instant dueAt, String userId) {
        this(seriesId, occurrence, dueAt, userId, null);
    }

    public NextOccurrenceRequest withSourceVersion(long version) {
        return new NextOccurrenceRequest(seriesId, occurrence, dueAt, userId, version);
    }
}
