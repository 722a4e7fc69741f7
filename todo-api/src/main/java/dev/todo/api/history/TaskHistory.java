package dev.todo.api.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todo.common.events.TaskEvent;
import java.sql.Timestamp;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A task's audit trail: its TaskEvents, oldest first, in {@code task_history}. Written beside the outbox row in
 * the transaction that changes the task; it outlives the outbox row, which is pruned once published.
 */
@Component
public class TaskHistory {

    /** One page of a task's events and how many there are in all. */
    public record Page(List<JsonNode> events, long total) {
    }

    private final JdbcClient jdbc;
    private final ObjectMapper objectMapper;

    public TaskHistory(JdbcClient jdbc, ObjectMapper objectMapper) {
        this.jdbc = jdbc;
        this.objectMapper = objectMapper;
    }

    /** @param payload the event as JSON, exactly as it goes into the outbox */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(TaskEvent event, String payload) {
        jdbc.sql("""
                        insert into task_history (event_id, task_id, user_id, event_type, payload, created_at)
                        values (:eventId, :taskId, :userId, :eventType, cast(:payload as jsonb), :createdAt)
                        """)
                .param("eventId", event.eventId())
                .param("taskId", event.taskId())
                .param("userId", event.userId())
                .param("eventType", event.eventType().wireName())
                .param("payload", payload)
                .param("createdAt", Timestamp.from(event.timestamp()))
                .update();
    }

    @Transactional(readOnly = true)
    public Page of(long taskId, String userId, int page, int size) {
        List<JsonNode> events = jdbc.sql("""
                        select payload::text from task_history
                        where task_id = :taskId and user_id = :userId
                        order by id limit :size offset :offset
                        """)
                .param("taskId", taskId)
                .param("userId", userId)
                .param("size", size)
                .param("offset", (long) page * size)
                .query((rs, row) -> read(rs.getString(1)))
                .list();
        long total = jdbc.sql("select count(*) from task_history where task_id = :taskId and user_id = :userId")
                .param("taskId", taskId)
                .param("userId", userId)
                .query(Long.class)
                .single();
        return new Page(events, total);
    }

    private JsonNode read(String json) {
        try {
            return objectMapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored event is not JSON", e);
        }
    }
}
