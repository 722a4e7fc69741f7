package dev.todo.api.task;

import io.swagger.v3.oas.annotations.media.Schema;

/** Optional body of {@code PATCH .../complete}: sets the state explicitly instead of toggling. */
@Schema(nullable = true, description = "No body, a JSON null or {\"completed\": null} toggles completion.")
public record CompleteRequest(
        @Schema(nullable = true, description = "true or false sets completion; null or no body toggles it.")
        Boolean completed) {
}
