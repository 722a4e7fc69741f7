package dev.todo.api.task;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.todo.api.config.TransactionManagers;
import dev.todo.api.outbox.OutboxWriter;
import dev.todo.common.events.TaskData;
import dev.todo.common.events.TaskEventType;
import dev.todo.common.recurrence.RecurrenceRule;
import dev.todo.common.recurrence.ScheduledOccurrence;
import dev.todo.common.recurrence.Series;
import dev.todo.common.web.InvalidInputException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Task use cases. Each state change saves the task and writes exactly one TaskEvent to the outbox in the same
 * transaction; a request that changes nothing writes nothing.
 */
@Service
public class TaskService {

    private static final Logger log = LoggerFactory.getLogger(TaskService.class);

    private final TaskRepository repository;
    private final TaskInsert insert;
    private final TaskSearch search;
    private final TaskInputParser parser;
    private final OutboxWriter outbox;
    private final ObjectMapper objectMapper;
    private final Clock clock;

    public TaskService(TaskRepository repository, TaskInsert insert, TaskSearch search, TaskInputParser parser,
            OutboxWriter outbox, ObjectMapper objectMapper, Clock clock) {
        this.repository = repository;
        this.insert = insert;
        this.search = search;
        this.parser = parser;
        this.outbox = outbox;
        this.objectMapper = objectMapper;
        this.clock = clock;
    }

    /** Plain JDBC only (see {@link TransactionManagers}): no Hibernate Session for a create. */
    @Transactional(transactionManager = TransactionManagers.JDBC)
    public TaskData create(String userId, TaskRequest request) {
        TaskInput input = parser.parse(request);
        Instant now = now();
        Task task = Task.create(userId, input, now);
        TaskData data = TaskMapper.toData(task, insert.insert(task));
        outbox.taskEvent(TaskEventType.CREATED, data);
        log.atInfo().setMessage("task created").addKeyValue("event", "task_created")
                .addKeyValue("task_id", data.id())
                .addKeyValue("user_id", userId).log();
        return data;
    }

    @Transactional(readOnly = true)
    public TaskData get(String userId, long id) {
        return TaskMapper.toData(find(userId, id));
    }

    @Transactional(readOnly = true)
    public TaskSearch.Page list(String userId, TaskListQuery query) {
        return search.find(userId, query);
    }

    /** PUT: every writable field from the request; absent optional fields go back to their defaults. */
    @Transactional
    public TaskData replace(String userId, long id, TaskRequest request, String ifMatch) {
        Task task = find(userId, id);
        ETags.requireMatch(ifMatch, task.getVersion());
        return update(task, parser.parse(request));
    }

    /** PATCH: RFC 7396 JSON merge patch over the task's writable fields. */
    @Transactional
    public TaskData patch(String userId, long id, JsonNode patch, String ifMatch) {
        if (patch == null || !patch.isObject()) {
            throw new InvalidInputException("body", "a merge patch must be a JSON object");
        }
        Task task = find(userId, id);
        ETags.requireMatch(ifMatch, task.getVersion());
        ObjectNode target = objectMapper.valueToTree(TaskMapper.toRequest(task));
        mergePatch(target, (ObjectNode) patch);
        TaskRequest merged;
        try {
            merged = objectMapper.treeToValue(target, TaskRequest.class);
        } catch (JsonMappingException e) {
            String field = e.getPath().isEmpty() ? "body" : e.getPath().get(0).getFieldName();
            throw new InvalidInputException(field == null ? "body" : field, "has the wrong JSON type");
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("body", "is not a valid task");
        }
        return update(task, parser.parse(merged));
    }

    /**
     * Toggles completion, or sets it when {@code completed} is given (then repeating it changes nothing).
     */
    @Transactional
    public TaskData complete(String userId, long id, Boolean completed, String ifMatch) {
        Task task = find(userId, id);
        ETags.requireMatch(ifMatch, task.getVersion());
        boolean target = completed != null ? completed : !task.isCompleted();
        Instant now = now();
        if (!task.complete(target, now)) {
            return TaskMapper.toData(task);
        }
        task.touch(now);
        repository.saveAndFlush(task);
        TaskData data = TaskMapper.toData(task);
        outbox.taskEvent(target ? TaskEventType.COMPLETED : TaskEventType.UNCOMPLETED, data);
        log.atInfo().setMessage(target ? "task completed" : "task uncompleted")
                .addKeyValue("event", target ? "task_completed" : "task_uncompleted").addKeyValue("task_id", id)
                .addKeyValue("user_id", userId).log();
        return data;
    }

    @Transactional
    public void delete(String userId, long id, String ifMatch) {
        Task task = find(userId, id);
        ETags.requireMatch(ifMatch, task.getVersion());
        TaskData data = TaskMapper.toData(task);
        repository.delete(task);
        repository.flush();
        outbox.taskEvent(TaskEventType.DELETED, data);
        log.atInfo().setMessage("task deleted").addKeyValue("event", "task_deleted").addKeyValue("task_id", id)
                .addKeyValue("user_id", userId).log();
    }

    /** The next due dates of a recurring task; empty for a task that does not recur. */
    @Transactional(readOnly = true)
    public List<ScheduledOccurrence> occurrences(String userId, long id, int count) {
        Task task = find(userId, id);
        if (task.getRecurrencePattern() == null || task.getDueAt() == null) {
            return List.of();
        }
        TaskData data = TaskMapper.toData(task);
        return RecurrenceRule.parse(task.getRecurrencePattern()).preview(Series.of(data), count, clock);
    }

    Task find(String userId, long id) {
        return repository.findByIdAndUserId(id, userId).orElseThrow(() -> new TaskNotFoundException(id));
    }

    private TaskData update(Task task, TaskInput input) {
        TaskData before = TaskMapper.toData(task);
        Instant now = now();
        task.revise(input, now);
        if (sameContent(before, TaskMapper.toData(task))) {
            return before;
        }
        task.touch(now);
        repository.saveAndFlush(task);
        TaskData data = TaskMapper.toData(task);
        TaskEventType type = before.completed() == data.completed() ? TaskEventType.UPDATED
                : data.completed() ? TaskEventType.COMPLETED : TaskEventType.UNCOMPLETED;
        outbox.taskEvent(type, data);
        log.atInfo().setMessage("task updated").addKeyValue("event", "task_updated")
                .addKeyValue("event_type", type.wireName()).addKeyValue("task_id", data.id())
                .addKeyValue("user_id", data.userId()).addKeyValue("version", data.version()).log();
        return data;
    }

    /** Equal except for the bookkeeping fields a real change would move. */
    private static boolean sameContent(TaskData a, TaskData b) {
        return Objects.equals(a.title(), b.title()) && Objects.equals(a.description(), b.description())
                && a.completed() == b.completed() && Objects.equals(a.priority(), b.priority())
                && Objects.equals(a.tags(), b.tags()) && Objects.equals(a.dueAt(), b.dueAt())
                && Objects.equals(a.timeZone(), b.timeZone())
                && Objects.equals(a.recurrencePattern(), b.recurrencePattern())
                && Objects.equals(a.recurrenceAnchor(), b.recurrenceAnchor())
                && Objects.equals(a.reminderOffset(), b.reminderOffset())
                && Objects.equals(a.remindAt(), b.remindAt())
                && Objects.equals(a.seriesStartAt(), b.seriesStartAt());
    }

    /** RFC 7396: null removes a member, objects merge recursively, anything else replaces. */
    static void mergePatch(ObjectNode target, ObjectNode patch) {
        patch.properties().forEach(entry -> {
            JsonNode value = entry.getValue();
            if (value.isNull()) {
                target.remove(entry.getKey());
            } else if (value.isObject() && target.get(entry.getKey()) instanceof ObjectNode nested) {
                mergePatch(nested, (ObjectNode) value);
            } else {
                target.set(entry.getKey(), value);
            }
        });
    }

    private Instant now() {
        // PostgreSQL keeps microseconds; milliseconds keep responses and stored rows identical
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
