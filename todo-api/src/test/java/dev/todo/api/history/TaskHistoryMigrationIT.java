package dev.todo.api.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.todo.common.test.SharedPostgres;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** An existing database: the history that was read from the outbox is carried over into task_history. */
class TaskHistoryMigrationIT {

    @Test
    void theOutboxTaskEventsBecomeTheHistoryInTheirOrderAndRemindersDoNot() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(SharedPostgres.jdbcUrl(
                "history_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)));
        dataSource.setUser(SharedPostgres.username());
        dataSource.setPassword(SharedPostgres.password());
        JdbcClient jdbc = JdbcClient.create(dataSource);
        Flyway.configure().dataSource(dataSource).target("3").load().migrate();
        for (String[] row : new String[][] {
                {"7", "task-events", "created"}, {"8", "task-events", "created"}, {"7", "reminders", "reminder"},
                {"7", "task-events", "completed"}}) {
            jdbc.sql("""
                            insert into outbox_events (event_id, task_id, user_id, topic, event_type, payload)
                            values (:eventId, :taskId, 'u1', :topic, :type, jsonb_build_object('event_type', :type))
                            """)
                    .param("eventId", UUID.randomUUID())
                    .param("taskId", Long.parseLong(row[0]))
                    .param("topic", row[1])
                    .param("type", row[2])
                    .update();
        }

        Flyway.configure().dataSource(dataSource).load().migrate();

        List<String> history = jdbc.sql("select payload ->> 'event_type' from task_history where task_id = 7 order by id")
                .query(String.class).list();
        assertThat(history).containsExactly("created", "completed");
        assertThat(jdbc.sql("select count(*) from task_history").query(Long.class).single()).isEqualTo(3);
    }
}
