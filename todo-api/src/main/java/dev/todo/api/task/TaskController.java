package dev.todo.api.task;

import com.fasterxml.jackson.databind.JsonNode;
import dev.todo.common.events.TaskData;
import dev.todo.common.web.InvalidInputException;
import dev.todo.common.web.PageLinks;
import dev.todo.common.web.openapi.ETagged;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * SPEC §2 "Tasks". The path's user id is already checked against the token's subject by the security layer;
 * every lookup here is also scoped to that user, so another user's task id answers 404.
 */
@RestController
@RequestMapping(path = "/api/{user_id}/tasks", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "tasks")
public class TaskController {

    static final String MERGE_PATCH_JSON = "application/merge-patch+json";

    private final TaskService tasks;
    private final int defaultPageSize;
    private final int maxPageSize;

    public TaskController(TaskService tasks,
            @Value("${todo.tasks.default-page-size:20}") int defaultPageSize,
            @Value("${todo.tasks.max-page-size:200}") int maxPageSize) {
        this.tasks = tasks;
        this.defaultPageSize = defaultPageSize;
        this.maxPageSize = maxPageSize;
    }

    @GetMapping
    @Operation(summary = "List tasks", description = "Filters: status=all|pending|completed, priority (repeatable), "
            + "tag (repeatable, all must match), q (full-text on title and description), due_from, due_to, "
            + "overdue=true; sort=due_at|priority|title|created_at|updated_at, order=asc|desc; page (0-based), "
            + "size (1-200). Total in X-Total-Count, paging in Link. The page's ETag changes when any task on it "
            + "or the total changes; If-None-Match with it answers 304.")
    @ETagged
    public ResponseEntity<List<TaskData>> list(@PathVariable("user_id") String userId,
            @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> params, WebRequest request) {
        TaskListQuery query = TaskListQuery.from(Map.copyOf(params), defaultPageSize, maxPageSize);
        TaskSearch.Page page = tasks.list(userId, query);
        List<TaskData> body = page.tasks().stream().map(TaskMapper::toData).toList();
        String etag = ETags.ofPage(page.total(), body);
        if (request.checkNotModified(etag)) {
            return null;
        }
        HttpHeaders headers = PageLinks.headers(ServletUriComponentsBuilder.fromCurrentRequest(), query.page(),
                query.size(), page.total());
        return ResponseEntity.ok().headers(headers).eTag(etag).body(body);
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Create a task")
    @ETagged
    @ResponseStatus(HttpStatus.CREATED) // what the body's ResponseEntity answers, for the document
    public ResponseEntity<TaskData> create(@PathVariable("user_id") String userId, @RequestBody TaskRequest request,
            HttpServletRequest http) {
        TaskData task = tasks.create(userId, request);
        // The request's URL as received (already encoded) plus the id: UriComponentsBuilder would parse, expand
        // and re-encode it on every create (~2 % of the create's CPU) and quote an encoded user id a second time.
        URI location = URI.create(http.getRequestURL().append('/').append(task.id()).toString());
        return ResponseEntity.created(location).eTag(ETags.of(task.version())).body(task);
    }

    @GetMapping("/{id}")
    @Operation(summary = "Read a task", description = "ETag is the task's version; If-None-Match answers 304.")
    @ETagged
    public ResponseEntity<TaskData> get(@PathVariable("user_id") String userId, @PathVariable long id, WebRequest request) {
        TaskData task = tasks.get(userId, id);
        String etag = ETags.of(task.version());
        if (request.checkNotModified(etag)) {
            return null;
        }
        return ResponseEntity.ok().eTag(etag).body(task);
    }

    @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Replace a task", description = "If-Match with the ETag guards against lost updates (412).")
    @ETagged
    public ResponseEntity<TaskData> replace(@PathVariable("user_id") String userId, @PathVariable long id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestBody TaskRequest request) {
        return withETag(tasks.replace(userId, id, request, ifMatch));
    }

    @PatchMapping(path = "/{id}", consumes = {MERGE_PATCH_JSON, MediaType.APPLICATION_JSON_VALUE})
    @Operation(summary = "Update some fields (JSON merge patch, RFC 7396)")
    @ETagged
    public ResponseEntity<TaskData> patch(@PathVariable("user_id") String userId, @PathVariable long id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestBody JsonNode patch) {
        return withETag(tasks.patch(userId, id, patch, ifMatch));
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a task")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public ResponseEntity<Void> delete(@PathVariable("user_id") String userId, @PathVariable long id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        tasks.delete(userId, id, ifMatch);
        return ResponseEntity.noContent().build();
    }

    @PatchMapping("/{id}/complete")
    @Operation(summary = "Toggle completion, or set it with {\"completed\": true|false} (idempotent)")
    @ETagged
    public ResponseEntity<TaskData> complete(@PathVariable("user_id") String userId, @PathVariable long id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestBody(required = false) CompleteRequest body) {
        return withETag(tasks.complete(userId, id, body == null ? null : body.completed(), ifMatch));
    }

    @GetMapping("/{id}/occurrences")
    @Operation(summary = "The next due dates of a recurring task")
    public List<OccurrenceView> occurrences(@PathVariable("user_id") String userId, @PathVariable long id,
            @RequestParam(defaultValue = "5") String count) {
        int n;
        try {
            n = Integer.parseInt(count);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("count", "must be an integer between 1 and 100");
        }
        if (n < 1 || n > 100) {
            throw new InvalidInputException("count", "must be an integer between 1 and 100");
        }
        return tasks.occurrences(userId, id, n).stream().map(OccurrenceView::of).toList();
    }

    private static ResponseEntity<TaskData> withETag(TaskData task) {
        return ResponseEntity.ok().eTag(ETags.of(task.version())).body(task);
    }
}
