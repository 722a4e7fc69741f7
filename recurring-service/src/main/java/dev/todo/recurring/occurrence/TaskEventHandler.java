package dev.todo.recurring.occurrence;

import dev.todo.common.events.NextOccurrenceRequest;
import dev.todo.common.events.TaskData;
import dev.todo.common.events.TaskEvent;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The recurring series on {@code task-events}: a completed occurrence gets exactly one successor, an
 * un-completed one loses its successor if that is still untouched. Every event is handled once
 * (processed-event record), and every (series, occurrence) is created once (occurrence record).
 */
@Service
public class TaskEventHandler {

    private static final Logger log = LoggerFactory.getLogger(TaskEventHandler.class);
    /**
     * Outcomes whose processed record is already there: a duplicate's from its first handling, the others' written
     * in one state transaction with the successor's record they change.
     */
    private static final Set<Outcome> ALREADY_RECORDED =
            EnumSet.of(Outcome.DUPLICATE, Outcome.CREATED, Outcome.REMOVED, Outcome.NOTHING_TO_REMOVE);

    private final NextOccurrencePlanner planner;
    private final ProcessedEvents processed;
    private final TodoApiClient todoApi;

    public TaskEventHandler(NextOccurrencePlanner planner, ProcessedEvents processed, TodoApiClient todoApi) {
        this.planner = planner;
        this.processed = processed;
        this.todoApi = todoApi;
    }

    /**
     * @throws TransientFailureException when Dapr should redeliver
     * @throws RejectedEventException    when the event should go to the dead-letter topic
     */
    public Outcome handle(TaskEvent event) {
        return switch (event.eventType()) {
            case COMPLETED, UNCOMPLETED -> handleOnce(event);
            default -> Outcome.IGNORED;
        };
    }

    private Outcome handleOnce(TaskEvent event) {
        TaskData task = event.taskData();
        if (task == null || !task.isRecurring()) {
            return Outcome.NOT_RECURRING;
        }
        Outcome outcome = switch (event.eventType()) {
            case COMPLETED -> completed(event, task);
            case UNCOMPLETED -> processed.isProcessed(event.eventId()) ? Outcome.DUPLICATE : uncompleted(event, task);
            default -> throw new IllegalStateException("unreachable");
        };
        if (!ALREADY_RECORDED.contains(outcome)) {
            processed.markProcessed(event.eventId(), outcome);
        }
        return outcome;
    }

    private Outcome completed(TaskEvent event, TaskData task) {
        // planned first (no I/O), so that the event's record and its successor's are read in one call
        Optional<NextOccurrenceRequest> planned = planner.plan(task, event.timestamp());
        ProcessedEvents.Records records = planned
                .map(next -> processed.lookUp(event.eventId(), next.seriesId(), next.occurrence()))
                .orElseGet(() -> new ProcessedEvents.Records(processed.isProcessed(event.eventId()), false));
        if (records.processed()) {
            return Outcome.DUPLICATE;
        }
        if (planned.isEmpty()) {
            log.atInfo().setMessage("series ended, no next occurrence").addKeyValue("event", "series_ended")
                    .addKeyValue("event_id", event.eventId()).addKeyValue("task_id", task.id())
                    .addKeyValue("user_id", task.userId()).addKeyValue("series_id", task.seriesId())
                    .addKeyValue("occurrence", task.occurrence()).log();
            return Outcome.SERIES_ENDED;
        }
        NextOccurrenceRequest next = planned.get();
        if (records.created()) {
            return Outcome.ALREADY_CREATED;
        }
        // todo-api creates it only while its own task is completed at this version or later
        TodoApiClient.Created created = todoApi.createNextOccurrence(task.id(), next.withSourceVersion(task.version()));
        if (created.kind() == TodoApiClient.Created.Kind.TASK_GONE) {
            log.atInfo().setMessage("completed task is gone, no next occurrence")
                    .addKeyValue("event", "completed_task_gone")
                    .addKeyValue("event_id", event.eventId()).addKeyValue("task_id", task.id())
                    .addKeyValue("user_id", task.userId()).log();
            return Outcome.TASK_GONE;
        }
        if (created.kind() == TodoApiClient.Created.Kind.STALE) {
            log.atInfo().setMessage("completion is stale, no next occurrence").addKeyValue("event", "completion_stale")
                    .addKeyValue("event_id", event.eventId()).addKeyValue("task_id", task.id())
                    .addKeyValue("user_id", task.userId()).addKeyValue("reason", created.reason()).log();
            return Outcome.STALE_COMPLETION;
        }
        processed.markCreatedAndProcessed(event.eventId(), next.seriesId(), next.occurrence());
        log.atInfo().setMessage("next occurrence created").addKeyValue("event", "next_occurrence_created")
                .addKeyValue("event_id", event.eventId()).addKeyValue("task_id", task.id())
                .addKeyValue("user_id", task.userId()).addKeyValue("series_id", next.seriesId())
                .addKeyValue("occurrence", next.occurrence()).addKeyValue("due_at", next.dueAt()).log();
        return Outcome.CREATED;
    }

    private Outcome uncompleted(TaskEvent event, TaskData task) {
        TodoApiClient.Removal removal = todoApi.removeNextOccurrence(task.id(), task.version());
        int successor = task.occurrence() + 1;
        switch (removal.kind()) {
            case REMOVED -> {
                processed.forgetCreatedAndMarkProcessed(event.eventId(), Outcome.REMOVED, task.seriesId(), successor);
                log.atInfo().setMessage("next occurrence removed").addKeyValue("event", "next_occurrence_removed")
                        .addKeyValue("event_id", event.eventId()).addKeyValue("task_id", task.id())
                        .addKeyValue("user_id", task.userId()).addKeyValue("series_id", task.seriesId())
                        .addKeyValue("occurrence", successor).log();
                return Outcome.REMOVED;
            }
            case NOTHING_TO_REMOVE -> {
                processed.forgetCreatedAndMarkProcessed(event.eventId(), Outcome.NOTHING_TO_REMOVE, task.seriesId(),
                        successor);
                return Outcome.NOTHING_TO_REMOVE;
            }
            case NOT_UNCOMPLETED -> {
                // done without change: a retry would get the same answer, and the dead-letter topic is for poison
                log.atWarn().setMessage("uncompleted event not backed by todo-api, next occurrence kept")
                        .addKeyValue("event", "uncompleted_not_backed").addKeyValue("event_id", event.eventId())
                        .addKeyValue("task_id", task.id()).addKeyValue("user_id", task.userId())
                        .addKeyValue("version", task.version()).addKeyValue("series_id", task.seriesId())
                        .addKeyValue("occurrence", successor).addKeyValue("reason", removal.reason()).log();
                return Outcome.NOT_UNCOMPLETED;
            }
            default -> {
                log.atInfo().setMessage("next occurrence kept").addKeyValue("event", "next_occurrence_kept")
                        .addKeyValue("event_id", event.eventId()).addKeyValue("task_id", task.id())
                        .addKeyValue("user_id", task.userId()).addKeyValue("series_id", task.seriesId())
                        .addKeyValue("occurrence", successor).addKeyValue("reason", removal.reason()).log();
                return Outcome.KEPT_TOUCHED;
            }
        }
    }
}
