package dev.todo.api.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A task's audit trail: its TaskEvents, oldest first, in {@code task_history}. Written with the outbox row, in the
 * same statement, in the transaction that changes the task; it outlives the outbox row, which is pruned once
 * published.
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

    /**
     * The tail of the statement that writes a task event's outbox row ({@code OutboxWriter}): a CTE named
     * {@code outbox} returning that row's {@code event_id, task_id, user_id, event_type, payload}, then this, so the
     * history row carries exactly the payload that goes into the outbox, in the same statement and transaction.
     * Its one positional parameter, after the outbox row's, is the event's timestamp.
     */
    public static final String INSERT_FROM_OUTBOX = """
            insert into task_history (event_id, task_id, user_id, event_type, payload, created_at)
            select event_id, task_id, user_id, event_type, payload, ? from outbox
            """;

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
