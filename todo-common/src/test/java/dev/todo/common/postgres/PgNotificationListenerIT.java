package dev.todo.common.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.todo.common.postgres.PgNotificationListener.Wake;
import dev.todo.common.test.SharedPostgres;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** The shared LISTEN/NOTIFY listener on a real PostgreSQL: wake-up, timeout, reconnect. */
class PgNotificationListenerIT {

    private PgConnector connector;
    private PgNotificationListener listener;

    @BeforeEach
    void connect() {
        String url = SharedPostgres.jdbcUrl("listener_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
        connector = PgConnector.of(url, SharedPostgres.username(), SharedPostgres.password());
        listener = new PgNotificationListener(connector, "things", Duration.ofMillis(50));
    }

    @AfterEach
    void close() {
        listener.close();
    }

    @Test
    void theFirstCallConnectsAndListens() {
        assertThat(listener.await(Duration.ofSeconds(1)).kind()).isEqualTo(Wake.Kind.CONNECTED);
        assertThat(listener.isListening()).isTrue();
    }

    @Test
    void returnsTheNotifiedPayloadsOfItsChannelOnly() {
        listener.await(Duration.ofSeconds(1));
        notify("other", "ignored");
        notify("things", "42");

        Wake wake = listener.await(Duration.ofSeconds(5));

        assertThat(wake.kind()).isEqualTo(Wake.Kind.NOTIFIED);
        assertThat(wake.payloads()).containsExactly("42");
    }

    @Test
    void waitsTheWholeTimeoutWhenNothingIsNotified() {
        listener.await(Duration.ofSeconds(1));
        long started = System.nanoTime();

        Wake wake = listener.await(Duration.ofMillis(300));

        assertThat(wake.kind()).isEqualTo(Wake.Kind.TIMED_OUT);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void reconnectsAfterItsSessionIsKilledAndHearsNotificationsAgain() {
        listener.await(Duration.ofSeconds(1));
        execute("select pg_terminate_backend(pid) from pg_stat_activity where query = 'LISTEN things'");

        await().atMost(Duration.ofSeconds(10)).pollInSameThread()
                .until(() -> listener.await(Duration.ofMillis(100)).kind() == Wake.Kind.DISCONNECTED);
        assertThat(listener.isListening()).isFalse();
        assertThat(listener.await(Duration.ofSeconds(1)).kind()).isEqualTo(Wake.Kind.CONNECTED);
        notify("things", "after");
        assertThat(listener.await(Duration.ofSeconds(5)).payloads()).containsExactly("after");
    }

    private void notify(String channel, String payload) {
        execute("select pg_notify(?, ?)", channel, payload);
    }

    private void execute(String sql, String... parameters) {
        try (Connection connection = connector.open(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            statement.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
