package dev.todo.notification.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todo.common.events.ReminderEvent;
import dev.todo.common.test.EmbeddedPostgresInitializer;
import dev.todo.common.test.SharedPostgres;
import dev.todo.common.test.TestJwts;
import dev.todo.notification.stream.StreamEventListener;
import dev.todo.notification.support.DaprCalls;
import dev.todo.notification.support.Reminders;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;

/**
 * A real database outage (the service's database refuses connections): reminders are answered RETRY,
 * and the same reminder redelivered after the outage is stored once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "todo.test.database=" + DatabaseOutageIT.DATABASE,
        "todo.security.jwt-secret=" + TestJwts.SECRET,
        "todo.security.app-api-token=" + DatabaseOutageIT.APP_TOKEN,
        "todo.dapr.sidecar-health-enabled=false",
        "spring.datasource.hikari.connection-timeout=1000",
        "notification.stream.listen-reconnect=PT0.2S"})
@ContextConfiguration(initializers = EmbeddedPostgresInitializer.class)
class DatabaseOutageIT {

    static final String DATABASE = "notification_outage_it";
    static final String APP_TOKEN = "it-app-token";

    @LocalServerPort
    int port;
    @Autowired
    ObjectMapper json;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    StreamEventListener listener;

    @AfterEach
    void databaseBack() throws SQLException {
        admin("alter database " + DATABASE + " allow_connections true");
    }

    @Test
    void remindersAreRetriedWhileTheDatabaseIsDownAndStoredOnceAfter() throws Exception {
        DaprCalls dapr = new DaprCalls(port, APP_TOKEN, json);
        ReminderEvent reminder = Reminders.reminder(Reminders.newTaskId(), Reminders.newUserId(),
                Instant.parse("2026-03-02T09:45:00Z"));

        admin("alter database " + DATABASE + " allow_connections false");
        admin("select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + DATABASE + "'");

        assertThat(dapr.deliver("/events/reminders", "reminders", reminder)).isEqualTo("RETRY");
        assertThat(dapr.deliver("/events/task-updates", "task-updates",
                Reminders.taskUpdate(reminder.taskId(), reminder.userId())))
                .isEqualTo("RETRY");

        admin("alter database " + DATABASE + " allow_connections true");

        await().atMost(Duration.ofSeconds(15)).until(() -> "SUCCESS".equals(
                dapr.deliver("/events/reminders", "reminders", reminder)));
        assertThat(dapr.deliver("/events/reminders", "reminders", reminder)).isEqualTo("SUCCESS");
        assertThat(jdbc.sql("select count(*) from notifications where task_id = :t").param("t", reminder.taskId())
                .query(Long.class).single()).isEqualTo(1);
        // the stream listener found its way back too
        await().atMost(Duration.ofSeconds(15)).until(listener::isListening);
    }

    private static void admin(String sql) throws SQLException {
        try (Connection connection = SharedPostgres.instance().getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
