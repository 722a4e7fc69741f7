package dev.todo.api.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todo.api.history.TaskHistory;
import dev.todo.common.events.TaskData;
import dev.todo.common.events.TaskEvent;
import dev.todo.common.events.TaskEventType;
import dev.todo.common.events.Topics;
import dev.todo.common.tracing.TraceParents;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes a state change's event into {@code outbox_events} (and a task event into the task's history). It must
 * run inside the transaction that changes the task (MANDATORY), so the change, its event and its history row
 * commit or roll back together. Each row keeps the current span's {@code traceparent}, so the relay can publish
 * the event in the trace of the request (or job) that caused it. Each TaskEvent is also published as a Spring
 * application event, synchronously in that transaction, for the modules that keep state of their own in step with
 * the task (reminder jobs).
 */
@Component
public class OutboxWriter {

    private static final Logger log = LoggerFactory.getLogger(OutboxWriter.class);

    private final JdbcClient jdbc;
    private final ObjectMapper objectMapper;
    private final Clock clock;
    private final TaskHistory history;
    private final TraceParents traceParents;
    private final ApplicationEventPublisher listeners;

    public OutboxWriter(JdbcClient jdbc, ObjectMapper objectMapper, Clock clock, TaskHistory history,
            TraceParents traceParents, ApplicationEventPublisher listeners) {
        this.jdbc = jdbc;
        this.objectMapper = objectMapper;
        this.clock = clock;
        this.history = history;
        this.traceParents = traceParents;
        this.listeners = listeners;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public TaskEvent taskEvent(TaskEventType type, TaskData task) {
        TaskEvent event = TaskEvent.of(type, task, clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        String payload = insert(event.eventId(), task.id(), task.userId(), Topics.TASK_EVENTS, type.wireName(), event);
        history.record(event, payload);
        listeners.publishEvent(event);
        log.atInfo().setMessage("outbox event written").addKeyValue("event", "outbox_written")
                .addKeyValue("event_type", type.wireName()).addKeyValue("task_id", task.id())
                .addKeyValue("user_id", task.userId()).addKeyValue("event_id", event.eventId())
                .addKeyValue("version", task.version()).log();
        return event;
    }

    /** For other event kinds on other topics (reminders), same table, same guarantees. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void write(java.util.UUID eventId, long taskId, String userId, String topic, String eventType,
            Object payload) {
        insert(eventId, taskId, userId, topic, eventType, payload);
    }

    /** @return the payload as it was stored */
    private String insert(java.util.UUID eventId, long taskId, String userId, String topic, String eventType,
            Object payload) {
        String json;
        try {
            json = objectMapper.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event payload not serializable", e);
        }
        jdbc.sql("""
                        insert into outbox_events (event_id, task_id, user_id, topic, event_type, payload, created_at,
                                                   traceparent)
                        values (:eventId, :taskId, :userId, :topic, :eventType, cast(:payload as jsonb), :createdAt,
                                :traceparent)
                        """)
                .param("eventId", eventId)
                .param("taskId", taskId)
                .param("userId", userId)
                .param("topic", topic)
                .param("eventType", eventType)
                .param("payload", json)
                .param("createdAt", java.sql.Timestamp.from(clock.instant()))
                .param("traceparent", traceParents.current().orElse(null), java.sql.Types.VARCHAR)
                .update();
        return json;
    }
}
