package dev.todo.notification.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The append-only table behind the SSE stream; inserting a row NOTIFYs every replica (trigger). */
@Repository
public class StreamEventStore {

    private static final RowMapper<StreamEvent> ROW = (rs, n) -> new StreamEvent(
            rs.getLong("id"), rs.getString("user_id"), rs.getString("type"), rs.getString("payload"));

    private final JdbcClient jdbc;
    private final ObjectMapper objectMapper;

    public StreamEventStore(JdbcClient jdbc, ObjectMapper objectMapper) {
        this.jdbc = jdbc;
        this.objectMapper = objectMapper;
    }

    /** @return false when an event from the same source event was appended before */
    public boolean append(String userId, String type, Object payload, UUID sourceEventId, Instant now) {
        String json;
        try {
            json = objectMapper.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("stream payload is not serialisable", e);
        }
        return jdbc.sql("""
                        insert into stream_events (user_id, type, payload, source_event_id, created_at)
                        values (:user_id, :type, cast(:payload as jsonb), :source_event_id, :now)
                        on conflict (source_event_id) do nothing""")
                .param("user_id", userId).param("type", type).param("payload", json)
                .param("source_event_id", sourceEventId).param("now", Timestamp.from(now))
                .update() == 1;
    }

    public List<StreamEvent> findByIds(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select id, user_id, type, payload::text as payload from stream_events "
                        + "where id in (:ids) order by id")
                .param("ids", ids).query(ROW).list();
    }

    public List<StreamEvent> findAfter(long afterId, int limit) {
        return jdbc.sql("select id, user_id, type, payload::text as payload from stream_events "
                        + "where id > :after order by id limit :limit")
                .param("after", afterId).param("limit", limit).query(ROW).list();
    }

    public List<StreamEvent> findForUserAfter(String userId, long afterId, int limit) {
        return jdbc.sql("select id, user_id, type, payload::text as payload from stream_events "
                        + "where user_id = :user_id and id > :after order by id limit :limit")
                .param("user_id", userId).param("after", afterId).param("limit", limit).query(ROW).list();
    }

    public long maxId() {
        return jdbc.sql("select coalesce(max(id), 0) from stream_events").query(Long.class).single();
    }

    public int pruneOlderThan(Instant cutoff) {
        return jdbc.sql("delete from stream_events where created_at < :cutoff")
                .param("cutoff", Timestamp.from(cutoff)).update();
    }
}
