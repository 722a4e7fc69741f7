package dev.todo.notification.notification;

import dev.todo.common.events.ReminderEvent;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class NotificationRepository {

    static final String COLUMNS = "id, user_id, task_id, event_id, title, due_at, remind_at, channel, status, "
            + "attempts, created_at, delivered_at, read_at";

    static final RowMapper<Notification> ROW = NotificationRepository::map;

    private final JdbcClient jdbc;

    public NotificationRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Stores the reminder's notification unless one exists for the same task and remind_at.
     * The new row is claimed for delivery until {@code claimedUntil}, so the retrier leaves it to
     * the caller unless the caller dies first.
     *
     * @return the new notification, or empty when the reminder was already recorded
     */
    public Optional<Notification> insertIfAbsent(ReminderEvent event, String channel, Instant now, Instant claimedUntil) {
        return jdbc.sql("""
                        insert into notifications (user_id, task_id, event_id, title, due_at, remind_at, channel,
                                                   status, attempts, next_attempt_at, created_at)
                        values (:user_id, :task_id, :event_id, :title, :due_at, :remind_at, :channel,
                                'pending', 0, :next_attempt_at, :now)
                        on conflict (task_id, remind_at) do nothing
                        returning %s""".formatted(COLUMNS))
                .param("user_id", event.userId())
                .param("task_id", event.taskId())
                .param("event_id", event.eventId())
                .param("title", event.title())
                .param("due_at", ts(event.dueAt()))
                .param("remind_at", ts(event.remindAt()))
                .param("channel", channel)
                .param("next_attempt_at", ts(claimedUntil))
                .param("now", ts(now))
                .query(ROW)
                .optional();
    }

    public Optional<Notification> find(long id) {
        return jdbc.sql("select " + COLUMNS + " from notifications where id = :id")
                .param("id", id).query(ROW).optional();
    }

    public List<Notification> page(String userId, boolean unreadOnly, long offset, int limit) {
        return jdbc.sql("select " + COLUMNS + " from notifications where user_id = :user_id"
                        + (unreadOnly ? " and read_at is null" : "")
                        + " order by created_at desc, id desc offset :offset limit :limit")
                .param("user_id", userId).param("offset", offset).param("limit", limit)
                .query(ROW).list();
    }

    public long count(String userId, boolean unreadOnly) {
        return jdbc.sql("select count(*) from notifications where user_id = :user_id"
                        + (unreadOnly ? " and read_at is null" : ""))
                .param("user_id", userId).query(Long.class).single();
    }

    /** Marks read once; marking again keeps the first read time. */
    public Optional<Notification> markRead(String userId, long id, Instant now) {
        return jdbc.sql("update notifications set read_at = coalesce(read_at, :now) "
                        + "where id = :id and user_id = :user_id returning " + COLUMNS)
                .param("now", ts(now)).param("id", id).param("user_id", userId)
                .query(ROW).optional();
    }

    public int markAllRead(String userId, Instant now) {
        return jdbc.sql("update notifications set read_at = :now where user_id = :user_id and read_at is null")
                .param("now", ts(now)).param("user_id", userId).update();
    }

    /**
     * Claims up to {@code limit} deliveries that are due, across replicas: SKIP LOCKED keeps two
     * retriers off the same row, and pushing next_attempt_at to the lease end keeps the row from
     * being claimed again while this replica works on it.
     */
    public List<Notification> claimDue(Instant now, Instant leaseUntil, int limit) {
        return jdbc.sql("""
                        update notifications set next_attempt_at = :lease_until
                        where id in (select id from notifications
                                     where status <> 'sent' and next_attempt_at <= :now
                                     order by next_attempt_at
                                     limit :limit
                                     for update skip locked)
                        returning %s""".formatted(COLUMNS))
                .param("now", ts(now)).param("lease_until", ts(leaseUntil)).param("limit", limit)
                .query(ROW).list();
    }

    public void markSent(long id, Instant now) {
        jdbc.sql("update notifications set status = 'sent', attempts = attempts + 1, delivered_at = :now, "
                        + "next_attempt_at = null, last_error = null where id = :id")
                .param("now", ts(now)).param("id", id).update();
    }

    /** @param nextAttemptAt null when the retries are used up */
    public void markFailed(long id, String error, Instant nextAttemptAt) {
        jdbc.sql("update notifications set status = 'failed', attempts = attempts + 1, last_error = :error, "
                        + "next_attempt_at = :next where id = :id")
                .param("error", error).param("next", ts(nextAttemptAt)).param("id", id).update();
    }

    private static Notification map(ResultSet rs, int row) throws SQLException {
        return new Notification(
                rs.getLong("id"),
                rs.getString("user_id"),
                rs.getLong("task_id"),
                rs.getObject("event_id", UUID.class),
                rs.getString("title"),
                instant(rs, "due_at"),
                instant(rs, "remind_at"),
                rs.getString("channel"),
                DeliveryStatus.fromWire(rs.getString("status")),
                rs.getInt("attempts"),
                instant(rs, "created_at"),
                instant(rs, "delivered_at"),
                instant(rs, "read_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
