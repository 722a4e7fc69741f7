package dev.todo.api.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todo.api.config.RequiresTransaction;
import dev.todo.api.history.TaskHistory;
import dev.todo.common.events.TaskData;
import dev.todo.common.events.TaskEvent;
import dev.todo.common.events.TaskEventType;
import dev.todo.common.events.Topics;
import dev.todo.common.tracing.TraceParents;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Writes a state change's event into {@code outbox_events} (and a task event into the task's history, in the same
 * statement: {@link TaskHistory#INSERT_FROM_OUTBOX}). It must run inside the transaction that changes the task
 * (either manager of TransactionManagers), so the change, its event and its history row commit or roll back together. Each row keeps the current span's {@code traceparent}, so the relay can publish
 * the event in the trace of the request (or job) that caused it. Each TaskEvent is also published as a Spring
 * application event, synchronously in that transaction, for the modules that keep state of their own in step with
 * the task (reminder jobs).
 */
@Component
public class OutboxWriter {

    private static final Logger log = LoggerFactory.getLogger(OutboxWriter.class);

    private static final String INSERT = """
            insert into outbox_events (event_id, task_id, user_id, topic, event_type, payload, created_at, traceparent)
            values (?, ?, ?, ?, ?, cast(? as jsonb), ?, ?)
            """;
    /**
     * A task event's outbox row and history row in one statement: one round trip per change, the payload sent once.
     * Both statements are positional (the order of {@link #row}): named parameters rewrite the SQL and build a
     * parameter list on every call of the hottest path.
     */
    private static final String INSERT_WITH_HISTORY = "with outbox as (" + INSERT
            + " returning event_id, task_id, user_id, event_type, payload) " + TaskHistory.INSERT_FROM_OUTBOX;

    private final JdbcClient jdbc;
    private final ObjectMapper objectMapper;
    private final Clock clock;
    private final TraceParents traceParents;
    private final ApplicationEventPublisher listeners;

    public OutboxWriter(JdbcClient jdbc, ObjectMapper objectMapper, Clock clock, TraceParents traceParents,
            ApplicationEventPublisher listeners) {
        this.jdbc = jdbc;
        this.objectMapper = objectMapper;
        this.clock = clock;
        this.traceParents = traceParents;
        this.listeners = listeners;
    }

    public TaskEvent taskEvent(TaskEventType type, TaskData task) {
        RequiresTransaction.check("OutboxWriter");
        TaskEvent event = TaskEvent.of(type, task, clock.instant().truncatedTo(ChronoUnit.MILLIS));
        jdbc.sql(INSERT_WITH_HISTORY)
                .params(row(event.eventId(), task.id(), task.userId(), Topics.TASK_EVENTS, type.wireName(),
                        json(event)))
                .param(Timestamp.from(event.timestamp()))
                .update();
        listeners.publishEvent(event);
        log.atInfo().setMessage("outbox event written").addKeyValue("event", "outbox_written")
                .addKeyValue("event_type", type.wireName()).addKeyValue("task_id", task.id())
                .addKeyValue("user_id", task.userId()).addKeyValue("event_id", event.eventId())
                .addKeyValue("version", task.version()).log();
        return event;
    }

    /** For other event kinds on other topics (reminders), same table, same guarantees. */
    public void write(UUID eventId, long taskId, String userId, String topic, String eventType,
            Object payload) {
        RequiresTransaction.check("OutboxWriter");
        insert(eventId, taskId, userId, topic, eventType, payload);
    }

    private void insert(UUID eventId, long taskId, String userId, String topic, String eventType,
            Object payload) {
        jdbc.sql(INSERT).params(row(eventId, taskId, userId, topic, eventType, json(payload))).update();
    }

    /** {@link #INSERT}'s parameters, in order. */
    private Object[] row(UUID eventId, long taskId, String userId, String topic, String eventType,
            String json) {
        return new Object[] {eventId, taskId, userId, topic, eventType, json, Timestamp.from(clock.instant()),
                new SqlParameterValue(Types.VARCHAR,
                        traceParents.current().orElse(null))};
    }

    private String json(Object payload) {
        try {
            return objectMapper.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event payload not serializable", e);
        }
    }
}
