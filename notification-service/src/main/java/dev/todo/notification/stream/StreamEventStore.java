package dev.todo.notification.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The append-only table behind the SSE stream; an insert statement NOTIFYs every replica of its rows (trigger). */
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

    /** One row to append: what a subscriber makes of one source event. */
    public record NewStreamEvent(String userId, String type, Object payload, UUID sourceEventId) {
    }

    /** @return false when an event from the same source event was appended before */
    public boolean append(String userId, String type, Object payload, UUID sourceEventId, Instant now) {
        return appendAll(List.of(new NewStreamEvent(userId, type, payload, sourceEventId)), now).get(0);
    }

    /**
     * Appends all in one statement, in the order given (so a task's events keep their order in the stream); each
     * statement NOTIFYs the ids it inserted on commit ({@link StreamNotification}).
     *
     * @return per event, in the order given: false when an event from the same source event was appended before,
     *         in an earlier call or earlier in this one
     */
    public List<Boolean> appendAll(List<NewStreamEvent> events, Instant now) {
        if (events.isEmpty()) {
            return List.of();
        }
        StringBuilder sql = new StringBuilder(
                "insert into stream_events (user_id, type, payload, source_event_id, created_at) values ");
        Map<String, Object> params = new HashMap<>();
        params.put("now", Timestamp.from(now));
        for (int i = 0; i < events.size(); i++) {
            NewStreamEvent event = events.get(i);
            sql.append(i == 0 ? "" : ", ").append("(:u").append(i).append(", :t").append(i)
                    .append(", cast(:p").append(i).append(" as jsonb), :s").append(i).append(", :now)");
            params.put("u" + i, event.userId());
            params.put("t" + i, event.type());
            params.put("p" + i, json(event.payload()));
            params.put("s" + i, event.sourceEventId());
        }
        // DO NOTHING (unlike DO UPDATE) lets a later row of the same statement conflict with an earlier one
        sql.append(" on conflict (source_event_id) do nothing returning source_event_id");
        List<UUID> inserted = new ArrayList<>(jdbc.sql(sql.toString()).params(params).query(UUID.class).list());
        List<Boolean> appended = new ArrayList<>(events.size());
        for (NewStreamEvent event : events) {
            // a source event inserted once answers true for its first occurrence only
            appended.add(inserted.remove(event.sourceEventId()));
        }
        return appended;
    }

    private String json(Object payload) {
        try {
            return objectMapper.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("stream payload is not serialisable", e);
        }
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
