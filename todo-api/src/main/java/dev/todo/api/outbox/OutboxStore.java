package dev.todo.api.outbox;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The relay's reads and writes on {@code outbox_events}; unpublished rows come in id (commit) order. */
@Component
public class OutboxStore {

    private final JdbcClient jdbc;

    public OutboxStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<PendingEvent> nextBatch(int limit) {
        return jdbc.sql("""
                        select id, event_id, task_id, topic, event_type, payload::text as payload, created_at, traceparent
                        from outbox_events where published_at is null order by id limit :limit
                        """)
                .param("limit", limit)
                .query((rs, n) -> new PendingEvent(rs.getLong("id"), rs.getObject("event_id", java.util.UUID.class),
                        rs.getLong("task_id"), rs.getString("topic"), rs.getString("event_type"),
                        rs.getString("payload"), rs.getTimestamp("created_at").toInstant(),
                        rs.getString("traceparent")))
                .list();
    }

    public void markPublished(List<Long> ids, Instant at) {
        if (ids.isEmpty()) {
            return;
        }
        jdbc.sql("update outbox_events set published_at = :at, attempts = attempts + 1, last_error = null "
                        + "where id = any(:ids)")
                .param("at", Timestamp.from(at))
                .param("ids", ids.toArray(Long[]::new))
                .update();
    }

    public void recordFailure(long id, String error) {
        jdbc.sql("update outbox_events set attempts = attempts + 1, last_error = :error where id = :id")
                .param("error", error.length() > 1000 ? error.substring(0, 1000) : error)
                .param("id", id)
                .update();
    }

    /** When the oldest unpublished row was committed; reads one entry of the partial unpublished index. */
    public Optional<Instant> oldestPendingCreatedAt() {
        return jdbc.sql("select created_at from outbox_events where published_at is null order by id limit 1")
                .query((rs, n) -> rs.getTimestamp("created_at").toInstant())
                .optional();
    }

    public long pendingCount() {
        return jdbc.sql("select count(*) from outbox_events where published_at is null").query(Long.class).single();
    }
}
