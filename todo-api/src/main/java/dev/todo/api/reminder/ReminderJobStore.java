package dev.todo.api.reminder;

import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code reminder_jobs}: what each task wants from the Scheduler and what the Scheduler last confirmed. A row is
 * pending while the two differ. Workers claim pending rows with {@code FOR UPDATE SKIP LOCKED} and a lease in
 * {@code next_attempt_at}, so several replicas never call the Scheduler for one task at once, and no row lock is
 * held during the call (a task change never waits for the Scheduler).
 */
@Component
class ReminderJobStore {

    private static final String PENDING = "remind_at is distinct from scheduled_remind_at";

    private final JdbcClient jdbc;

    ReminderJobStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records the job the task wants ({@code remindAt} null: none), inside the task's transaction. Without a
     * reminder and without a row nothing is written: no job ever existed, so there is nothing to cancel.
     *
     * @return whether a row changed (the worker has something to look at after commit)
     */
    boolean want(long taskId, Instant remindAt, long taskVersion, Instant now, String traceparent) {
        if (remindAt == null) {
            return jdbc.sql("update reminder_jobs set remind_at = null, task_version = :version, "
                            + "traceparent = :traceparent where task_id = :id and task_version <= :version")
                    .param("id", taskId).param("version", taskVersion)
                    .param("traceparent", traceparent, Types.VARCHAR).update() > 0;
        }
        return jdbc.sql("""
                        insert into reminder_jobs (task_id, remind_at, task_version, next_attempt_at, traceparent)
                        values (:id, :remindAt, :version, :now, :traceparent)
                        on conflict (task_id) do update
                            set remind_at = excluded.remind_at, task_version = excluded.task_version,
                                traceparent = excluded.traceparent
                            where reminder_jobs.task_version <= excluded.task_version
                        """)
                .param("id", taskId).param("remindAt", Timestamp.from(remindAt)).param("version", taskVersion)
                .param("now", Timestamp.from(now)).param("traceparent", traceparent, Types.VARCHAR).update() > 0;
    }

    /** Claims up to {@code limit} pending rows due for an attempt until {@code leaseEnd}, oldest first. */
    List<PendingJobSync> claim(int limit, Instant now, Instant leaseEnd) {
        // timestamptz keeps microseconds: the token must compare equal when written back
        Instant claim = leaseEnd.truncatedTo(ChronoUnit.MICROS);
        return jdbc.sql("""
                        update reminder_jobs r set next_attempt_at = :claim
                        from (select task_id from reminder_jobs
                              where %s and next_attempt_at <= :now
                              order by next_attempt_at limit :limit
                              for update skip locked) c
                        where r.task_id = c.task_id
                        returning r.task_id, r.remind_at, r.attempts, r.traceparent
                        """.formatted(PENDING))
                .param("claim", Timestamp.from(claim)).param("now", Timestamp.from(now)).param("limit", limit)
                .query((rs, n) -> new PendingJobSync(rs.getLong("task_id"), instant(rs.getTimestamp("remind_at")),
                        rs.getInt("attempts"), claim, rs.getString("traceparent")))
                .list();
    }

    /**
     * The Scheduler now holds the claimed job (or none). If the task changed meanwhile the row stays pending and
     * the next pass converges it to the newer state; a row that wants no job and has none is deleted.
     */
    void confirm(PendingJobSync job, Instant now) {
        int updated = jdbc.sql("""
                        update reminder_jobs
                        set scheduled_remind_at = :done, attempts = 0, last_error = null, next_attempt_at = :now
                        where task_id = :id and next_attempt_at = :claim
                        """)
                .param("done", job.remindAt() == null ? null : Timestamp.from(job.remindAt()), Types.TIMESTAMP)
                .param("now", Timestamp.from(now)).param("id", job.taskId()).param("claim", Timestamp.from(job.claim()))
                .update();
        if (updated > 0 && job.remindAt() == null) {
            jdbc.sql("delete from reminder_jobs where task_id = :id and remind_at is null and scheduled_remind_at is null")
                    .param("id", job.taskId()).update();
        }
    }

    void recordFailure(PendingJobSync job, String error, Instant retryAt) {
        jdbc.sql("""
                        update reminder_jobs set attempts = attempts + 1, last_error = :error, next_attempt_at = :retryAt
                        where task_id = :id and next_attempt_at = :claim
                        """)
                .param("error", error.length() > 1000 ? error.substring(0, 1000) : error)
                .param("retryAt", Timestamp.from(retryAt)).param("id", job.taskId())
                .param("claim", Timestamp.from(job.claim()))
                .update();
    }

    /** Gives claimed rows back untried (the pass stopped at a failing Scheduler), due again at {@code now}. */
    void release(List<PendingJobSync> jobs, Instant now) {
        if (jobs.isEmpty()) {
            return;
        }
        // one pass claims its rows with one token
        jdbc.sql("update reminder_jobs set next_attempt_at = :now where task_id = any(:ids) and next_attempt_at = :claim")
                .param("now", Timestamp.from(now)).param("ids", jobs.stream().map(PendingJobSync::taskId).toArray(Long[]::new))
                .param("claim", Timestamp.from(jobs.get(0).claim())).update();
    }

    long pendingCount() {
        return jdbc.sql("select count(*) from reminder_jobs where " + PENDING).query(Long.class).single();
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
