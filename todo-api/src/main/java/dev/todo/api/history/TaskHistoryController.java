package dev.todo.api.history;

import com.fasterxml.jackson.databind.JsonNode;
import dev.todo.api.task.TaskService;
import dev.todo.common.web.InvalidInputException;
import dev.todo.common.web.PageLinks;
import dev.todo.common.web.ProblemFieldError;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** SPEC §2 "history": a task's events, oldest first, paged like the task list. */
@RestController
@Tag(name = "tasks")
public class TaskHistoryController {

    /** Keeps page × size far from overflowing the SQL offset. */
    static final int MAX_PAGE = 1_000_000;

    private final TaskService tasks;
    private final TaskHistory history;
    private final int defaultPageSize;
    private final int maxPageSize;

    public TaskHistoryController(TaskService tasks, TaskHistory history,
            @Value("${todo.tasks.default-page-size:20}") int defaultPageSize,
            @Value("${todo.tasks.max-page-size:200}") int maxPageSize) {
        this.tasks = tasks;
        this.history = history;
        this.defaultPageSize = defaultPageSize;
        this.maxPageSize = maxPageSize;
    }

    @GetMapping(path = "/api/{user_id}/tasks/{id}/history", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The task's events, oldest first", description = "page (0-based), size (1-200). "
            + "Total in X-Total-Count, paging in Link.")
    public ResponseEntity<List<JsonNode>> history(@PathVariable("user_id") String userId, @PathVariable long id,
            @Parameter(description = "0-based page", schema = @Schema(type = "integer", minimum = "0", maximum = "1000000"))
            @RequestParam(defaultValue = "0") int page,
            @Parameter(description = "events per page (default 20)", schema = @Schema(type = "integer", minimum = "1", maximum = "200"))
            @RequestParam(required = false) Integer size) {
        int pageSize = size == null ? defaultPageSize : size;
        checkPaging(page, pageSize);
        // another user's task answers 404 here, before any of its history is read
        tasks.get(userId, id);
        TaskHistory.Page events = history.of(id, userId, page, pageSize);
        return ResponseEntity.ok()
                .headers(PageLinks.headers(ServletUriComponentsBuilder.fromCurrentRequest(), page, pageSize,
                        events.total()))
                .body(events.events());
    }

    private void checkPaging(int page, int size) {
        List<ProblemFieldError> errors = new ArrayList<>();
        if (page < 0 || page > MAX_PAGE) {
            errors.add(new ProblemFieldError("page", "must be between 0 and " + MAX_PAGE));
        }
        if (size < 1 || size > maxPageSize) {
            errors.add(new ProblemFieldError("size", "must be between 1 and " + maxPageSize));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }
}
