package dev.todo.api.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todo.common.events.Topics;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** A task's audit trail: its TaskEvents from the outbox, oldest first. */
@Component
public class TaskHistory {

    private final JdbcClient jdbc;
    private final ObjectMapper objectMapper;

    public TaskHistory(JdbcClient jdbc, ObjectMapper objectMapper) {
        this.jdbc = jdbc;
        this.objectMapper = objectMapper;
    }

    public List<JsonNode> of(long taskId, String userId) {
        return jdbc.sql("""
                        select payload::text from outbox_events
                        where task_id = :taskId and user_id = :userId and topic = :topic
                        order by id
                        """)
                .param("taskId", taskId)
                .param("userId", userId)
                .param("topic", Topics.TASK_EVENTS)
                .query((rs, row) -> read(rs.getString(1)))
                .list();
    }

    private JsonNode read(String json) {
        try {
            return objectMapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored event is not JSON", e);
        }
    }
}
