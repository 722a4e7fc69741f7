package dev.todo.api.reminder;

import dev.todo.api.outbox.OutboxWriter;
import dev.todo.common.events.ReminderEvent;
import dev.todo.common.events.Topics;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What happens when the Scheduler fires {@code reminder-{task_id}}: the task must still be open and its
 * reminder still due now (a moved reminder has its own, later job), then a ReminderEvent goes through the
 * outbox. The event id is derived from (task, remind_at), so a job delivered twice writes one event.
 */
@Service
public class ReminderFiring {

    private static final Logger log = LoggerFactory.getLogger(ReminderFiring.class);
    /** A job may fire a little before its due time is visible as passed here. */
    static final Duration EARLY_TOLERANCE = Duration.ofSeconds(5);

    private final JdbcClient jdbc;
    private final OutboxWriter outbox;
    private final Clock clock;

    public ReminderFiring(JdbcClient jdbc, OutboxWriter outbox, Clock clock) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.clock = clock;
    }

    public enum Outcome { PUBLISHED, ALREADY_PUBLISHED, TASK_GONE, TASK_COMPLETED, NO_REMINDER, NOT_DUE_YET }

    @Transactional
    public Outcome fire(long taskId) {
        Optional<DueTask> found = jdbc.sql("""
                        select id, user_id, title, due_at, remind_at, completed from tasks where id = :id for update
                        """)
                .param("id", taskId)
                .query((rs, n) -> new DueTask(rs.getLong("id"), rs.getString("user_id"), rs.getString("title"),
                        instant(rs.getTimestamp("due_at")), instant(rs.getTimestamp("remind_at")),
                        rs.getBoolean("completed")))
                .optional();
        Outcome outcome = decide(found);
        if (outcome == Outcome.PUBLISHED) {
            DueTask task = found.orElseThrow();
            UUID eventId = reminderEventId(task.id(), task.remindAt());
            boolean exists = jdbc.sql("select exists(select 1 from outbox_events where event_id = :id)")
                    .param("id", eventId).query(Boolean.class).single();
            if (exists) {
                outcome = Outcome.ALREADY_PUBLISHED;
            } else {
                outbox.write(eventId, task.id(), task.userId(), Topics.REMINDERS, "reminder",
                        new ReminderEvent(eventId, task.id(), task.title(), task.dueAt(), task.remindAt(), task.userId()));
            }
        }
        log.atInfo().setMessage("reminder fired").addKeyValue("event", "reminder_fired").addKeyValue("task_id", taskId)
                .addKeyValue("outcome", outcome).log();
        return outcome;
    }

    private Outcome decide(Optional<DueTask> found) {
        if (found.isEmpty()) {
            return Outcome.TASK_GONE;
        }
        DueTask task = found.get();
        if (task.completed()) {
            return Outcome.TASK_COMPLETED;
        }
        if (task.remindAt() == null) {
            return Outcome.NO_REMINDER;
        }
        if (task.remindAt().isAfter(clock.instant().plus(EARLY_TOLERANCE))) {
            return Outcome.NOT_DUE_YET;
        }
        return Outcome.PUBLISHED;
    }

    static UUID reminderEventId(long taskId, Instant remindAt) {
        return UUID.nameUUIDFromBytes(("reminder:" + taskId + ":" + remindAt).getBytes(StandardCharsets.UTF_8));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private record DueTask(long id, String userId, String title, Instant dueAt, Instant remindAt, boolean completed) {
    }
}
