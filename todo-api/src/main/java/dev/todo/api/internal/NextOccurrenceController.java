package dev.todo.api.internal;

import dev.todo.api.task.NextOccurrences;
import dev.todo.common.events.NextOccurrenceRequest;
import dev.todo.common.events.TaskData;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Routes recurring-service reaches through Dapr service invocation (docs/CONVENTIONS.md). Protected by the
 * Dapr app token, not by a user JWT (todo-common security).
 */
@RestController
@RequestMapping(path = "/internal/tasks/{id}/next-occurrence", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "internal (Dapr service invocation)")
public class NextOccurrenceController {

    private final NextOccurrences service;

    public NextOccurrenceController(NextOccurrences service) {
        this.service = service;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Create the next occurrence of a completed recurring task (201; 200 if it exists)")
    public ResponseEntity<TaskData> create(@PathVariable long id, @RequestBody NextOccurrenceRequest request) {
        NextOccurrences.Result result;
        try {
            result = service.create(id, request);
        } catch (DataIntegrityViolationException duplicate) {
            // a concurrent call created it first: answer like a repeat
            result = new NextOccurrences.Result(
                    service.existing(request.seriesId(), request.occurrence()).orElseThrow(() -> duplicate), false);
        }
        TaskData task = result.task();
        if (!result.created()) {
            return ResponseEntity.ok(task);
        }
        URI location = URI.create("/api/" + task.userId() + "/tasks/" + task.id());
        return ResponseEntity.created(location).body(task);
    }

    /**
     * @param sourceVersion the task's version in the {@code uncompleted} event; optional for callers from before
     *                      it existed
     */
    @DeleteMapping
    @Operation(summary = "Remove the next occurrence if it is untouched and the task is un-completed at "
            + "source_version or later (204); 409 otherwise (type stale-event when the task disagrees with the event)")
    public ResponseEntity<Void> retract(@PathVariable long id,
            @RequestParam(name = "source_version", required = false) Long sourceVersion) {
        service.retract(id, sourceVersion);
        return ResponseEntity.noContent().build();
    }
}
