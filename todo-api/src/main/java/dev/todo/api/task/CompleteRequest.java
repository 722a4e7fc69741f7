package dev.todo.api.task;

/** Optional body of {@code PATCH .../complete}: sets the state explicitly instead of toggling. */
public record CompleteRequest(Boolean completed) {
}
