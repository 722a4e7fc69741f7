package dev.todo.api.task;

import dev.todo.api.outbox.OutboxWriter;
import dev.todo.common.events.NextOccurrenceRequest;
import dev.todo.common.events.TaskData;
import dev.todo.common.events.TaskEventType;
import dev.todo.common.web.InvalidInputException;
import dev.todo.common.web.ProblemFieldError;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What recurring-service asks of todo-api through Dapr service invocation: create the next occurrence of a
 * completed recurring task (idempotent by the unique (series_id, occurrence)), or take it back when the task
 * is un-completed and the occurrence is still untouched. The rules are the {@link Task}'s; this class is the
 * transaction, the lookups and the event.
 */
@Service
public class NextOccurrences {

    private static final Logger log = LoggerFactory.getLogger(NextOccurrences.class);

    /** The created or already existing occurrence. */
    public record Result(TaskData task, boolean created) {
    }

    private final TaskRepository repository;
    private final OutboxWriter outbox;
    private final Clock clock;

    public NextOccurrences(TaskRepository repository, OutboxWriter outbox, Clock clock) {
        this.repository = repository;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Optional<TaskData> existing(String seriesId, int occurrence) {
        return repository.findBySeriesIdAndOccurrence(UUID.fromString(seriesId), occurrence).map(TaskMapper::toData);
    }

    /** Creates the occurrence; a concurrent duplicate makes this throw a unique-constraint violation. */
    @Transactional
    public Result create(long completedTaskId, NextOccurrenceRequest request) {
        validate(request);
        Task previous = repository.findById(completedTaskId).orElseThrow(() -> new TaskNotFoundException(completedTaskId));
        UUID seriesId = UUID.fromString(request.seriesId());
        previous.requireSuccessor(seriesId, request.userId(), request.occurrence());
        Optional<Task> existing = repository.findBySeriesIdAndOccurrence(seriesId, request.occurrence());
        if (existing.isPresent()) {
            log.atInfo().setMessage("next occurrence already exists").addKeyValue("event", "next_occurrence_exists")
                    .addKeyValue("task_id", existing.get().getId()).addKeyValue("user_id", existing.get().getUserId())
                    .addKeyValue("series_id", seriesId).addKeyValue("occurrence", request.occurrence()).log();
            return new Result(TaskMapper.toData(existing.get()), false);
        }
        Instant dueAt = request.dueAt().truncatedTo(ChronoUnit.MILLIS);
        Task next = previous.nextOccurrence(dueAt, request.sourceVersion(),
                clock.instant().truncatedTo(ChronoUnit.MILLIS));
        repository.saveAndFlush(next);
        TaskData data = TaskMapper.toData(next);
        outbox.taskEvent(TaskEventType.CREATED, data);
        log.atInfo().setMessage("next occurrence created").addKeyValue("event", "next_occurrence_created")
                .addKeyValue("task_id", next.getId()).addKeyValue("user_id", next.getUserId())
                .addKeyValue("previous_task_id", completedTaskId).addKeyValue("series_id", seriesId)
                .addKeyValue("occurrence", request.occurrence()).addKeyValue("due_at", dueAt).log();
        return new Result(data, true);
    }

    /**
     * Removes occurrence + 1 of the task's series if nobody touched it since it was created, and only while the
     * task itself is un-completed at the event's version or later: an {@code uncompleted} event todo-api did
     * not write (or one overtaken by a new completion) removes nothing.
     *
     * @param sourceVersion the un-completed task's version in the event; null (an older caller) checks only
     *                      that the task is not completed
     */
    @Transactional
    public void retract(long taskId, Long sourceVersion) {
        Task task = repository.findById(taskId).orElseThrow(() -> new TaskNotFoundException(taskId));
        task.requireUncompleted(sourceVersion);
        Task next = repository.findBySeriesIdAndOccurrence(task.getSeriesId(), task.getOccurrence() + 1)
                .orElseThrow(() -> new NoNextOccurrenceException(taskId));
        next.requireUntouched();
        TaskData data = TaskMapper.toData(next);
        repository.delete(next);
        repository.flush();
        outbox.taskEvent(TaskEventType.DELETED, data);
        log.atInfo().setMessage("next occurrence retracted").addKeyValue("event", "next_occurrence_retracted")
                .addKeyValue("task_id", next.getId()).addKeyValue("user_id", next.getUserId())
                .addKeyValue("previous_task_id", taskId).addKeyValue("series_id", next.getSeriesId())
                .addKeyValue("occurrence", next.getOccurrence()).log();
    }

    private static void validate(NextOccurrenceRequest request) {
        List<ProblemFieldError> errors = new ArrayList<>();
        if (request == null) {
            throw new InvalidInputException("body", "is required");
        }
        if (request.seriesId() == null) {
            errors.add(new ProblemFieldError("series_id", "is required"));
        } else {
            try {
                UUID.fromString(request.seriesId());
            } catch (IllegalArgumentException e) {
                errors.add(new ProblemFieldError("series_id", "must be a UUID"));
            }
        }
        if (request.occurrence() < 2) {
            errors.add(new ProblemFieldError("occurrence", "must be at least 2"));
        }
        if (request.dueAt() == null) {
            errors.add(new ProblemFieldError("due_at", "is required"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }
}
