package dev.todo.api.outbox;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The relay's reads and writes on {@code outbox_events}; unpublished rows come in id (commit) order. Parked rows
 * are out of the queue: every queue query says {@code parked_at is null}, as the partial index does.
 */
@Component
public class OutboxStore {

    private static final int MAX_ERROR_LENGTH = 1000;

    private final JdbcClient jdbc;

    public OutboxStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<PendingEvent> nextBatch(int limit) {
        return jdbc.sql("""
                        select id, event_id, task_id, topic, event_type, payload::text as payload, created_at, traceparent
                        from outbox_events where published_at is null and parked_at is null order by id limit :limit
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
        recordFailure(id, error, false, Integer.MAX_VALUE, Instant.EPOCH);
    }

    /**
     * Counts a failed attempt; a failure of the row's own also counts a strike, and the strike that reaches
     * {@code maxStrikes} parks the row.
     *
     * @return whether the row is parked now
     */
    public boolean recordFailure(long id, String error, boolean strike, int maxStrikes, Instant at) {
        return jdbc.sql("""
                        update outbox_events set attempts = attempts + 1, last_error = :error,
                            strikes = strikes + :strike,
                            parked_at = case when strikes + :strike >= :max then cast(:at as timestamptz) end
                        where id = :id
                        returning parked_at is not null
                        """)
                .param("error", error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error)
                .param("strike", strike ? 1 : 0)
                .param("max", maxStrikes)
                .param("at", Timestamp.from(at))
                .param("id", id)
                .query(Boolean.class).optional().orElse(false);
    }

    /** When the oldest unpublished row was committed; reads one entry of the partial unpublished index. */
    public Optional<Instant> oldestPendingCreatedAt() {
        return jdbc.sql("select created_at from outbox_events where published_at is null and parked_at is null "
                        + "order by id limit 1")
                .query((rs, n) -> rs.getTimestamp("created_at").toInstant())
                .optional();
    }

    public long pendingCount() {
        return jdbc.sql("select count(*) from outbox_events where published_at is null and parked_at is null")
                .query(Long.class).single();
    }

    public long parkedCount() {
        return jdbc.sql("select count(*) from outbox_events where parked_at is not null").query(Long.class).single();
    }

    /** The oldest parked rows, at most {@code limit}. */
    public List<ParkedEvent> parked(int limit) {
        return jdbc.sql("""
                        select id, event_id, task_id, topic, event_type, attempts, last_error, created_at, parked_at
                        from outbox_events where parked_at is not null order by id limit :limit
                        """)
                .param("limit", limit)
                .query((rs, n) -> new ParkedEvent(rs.getLong("id"), rs.getObject("event_id", java.util.UUID.class),
                        rs.getLong("task_id"), rs.getString("topic"), rs.getString("event_type"),
                        rs.getInt("attempts"), rs.getString("last_error"), rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("parked_at").toInstant()))
                .list();
    }

    /**
     * Puts parked rows back into the queue with no strikes, and wakes the leader (the NOTIFY comes after the
     * update, and inside a transaction both take effect at commit, so it never wakes before the rows are back).
     *
     * @param ids the rows to replay; empty = every parked row
     * @return how many rows were un-parked
     */
    public int unpark(List<Long> ids) {
        int unparked = jdbc.sql("""
                        update outbox_events set parked_at = null, strikes = 0
                        where parked_at is not null and (cardinality(:ids) = 0 or id = any(:ids))
                        """)
                .param("ids", ids.toArray(Long[]::new))
                .update();
        if (unparked > 0) {
            jdbc.sql("select pg_notify('" + OutboxRelay.CHANNEL + "', '')").query().listOfRows();
        }
        return unparked;
    }
}
