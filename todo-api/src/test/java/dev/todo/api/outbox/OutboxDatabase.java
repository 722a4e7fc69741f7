package dev.todo.api.outbox;

import dev.todo.common.postgres.PgConnector;
import dev.todo.common.test.SharedPostgres;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A freshly migrated todo-api database of its own on the shared embedded PostgreSQL, for the outbox ITs. */
final class OutboxDatabase {

    final PGSimpleDataSource dataSource = new PGSimpleDataSource();
    final DataSourceProperties properties = new DataSourceProperties();
    final JdbcClient jdbc;
    final String url;

    OutboxDatabase(String prefix) {
        url = SharedPostgres.jdbcUrl(prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
        dataSource.setUrl(url);
        dataSource.setUser(SharedPostgres.username());
        dataSource.setPassword(SharedPostgres.password());
        Flyway.configure().dataSource(dataSource).load().migrate();
        properties.setUrl(url);
        properties.setUsername(SharedPostgres.username());
        properties.setPassword(SharedPostgres.password());
        jdbc = JdbcClient.create(dataSource);
    }

    PgConnector connector() {
        return PgConnector.of(url, SharedPostgres.username(), SharedPostgres.password());
    }

    /** @return the new row's id */
    long insert(long taskId, String topic) {
        return jdbc.sql("""
                        insert into outbox_events (event_id, task_id, user_id, topic, event_type, payload)
                        values (:eventId, :taskId, 'u1', :topic, 'updated', '{}'::jsonb)
                        returning id
                        """)
                .param("eventId", UUID.randomUUID())
                .param("taskId", taskId)
                .param("topic", topic)
                .query(Long.class).single();
    }

    long unpublished() {
        return jdbc.sql("select count(*) from outbox_events where published_at is null").query(Long.class).single();
    }
}
