package dev.todo.api.task;

import dev.todo.api.config.RequiresTransaction;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.support.AbstractSqlTypeValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Writes a new task's row in one statement and answers the id PostgreSQL gave it. A create needs nothing of
 * Hibernate's entity lifecycle (nothing changes the task later in the transaction, nothing is dirty-checked), and
 * persisting through it was a sixth of a create's CPU in todo-api's profile. The columns and their forms are those
 * of {@link Task}'s mapping and its converters (priority, anchor and offset as their wire text); the version starts
 * at 0 as Hibernate's does. Every later read and change of the task goes through the entity as before.
 */
@Component
class TaskInsert {

    // Positional: a create is the hottest statement, and named parameters rewrite the SQL and build a parameter list
    // on every call. The order is the column list's; TaskInsertIT reads every column back through the entity.
    private static final String INSERT = """
            insert into tasks (user_id, title, description, completed, priority, tags, due_at, time_zone,
                               recurrence_pattern, recurrence_anchor, reminder_offset, remind_at, series_id, occurrence,
                               series_start_at, completed_at, created_at, updated_at, version)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            returning id
            """;

    private final JdbcClient jdbc;

    TaskInsert(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return the new row's id */
    long insert(Task task) {
        RequiresTransaction.check("TaskInsert");
        String[] tags = task.getTags().toArray(String[]::new);
        return jdbc.sql(INSERT)
                .params(task.getUserId(),
                        task.getTitle(),
                        new SqlParameterValue(Types.VARCHAR, task.getDescription()),
                        task.isCompleted(),
                        task.getPriority().wireName(),
                        // a text[] made by the statement's own connection, whatever the driver guesses for a String[]
                        new AbstractSqlTypeValue() {
                            @Override
                            protected Object createTypeValue(java.sql.Connection connection, int sqlType,
                                    String typeName) throws java.sql.SQLException {
                                return connection.createArrayOf("text", tags);
                            }
                        },
                        timestamp(task.getDueAt()),
                        task.getTimeZone(),
                        new SqlParameterValue(Types.VARCHAR, task.getRecurrencePattern()),
                        task.getRecurrenceAnchor().wireName(),
                        new SqlParameterValue(Types.VARCHAR,
                                task.getReminderOffset() == null ? null : task.getReminderOffset().toString()),
                        timestamp(task.getRemindAt()),
                        task.getSeriesId(),
                        task.getOccurrence(),
                        timestamp(task.getSeriesStartAt()),
                        timestamp(task.getCompletedAt()),
                        timestamp(task.getCreatedAt()),
                        timestamp(task.getUpdatedAt()),
                        task.getVersion())
                .query(Long.class)
                .single();
    }

    private static SqlParameterValue timestamp(Instant instant) {
        return new SqlParameterValue(Types.TIMESTAMP_WITH_TIMEZONE,
                instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
    }
}
