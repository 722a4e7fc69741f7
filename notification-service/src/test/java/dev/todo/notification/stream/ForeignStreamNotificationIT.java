package dev.todo.notification.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todo.common.test.TestJwts;
import dev.todo.notification.support.NotificationIT;
import dev.todo.notification.support.Reminders;
import dev.todo.notification.support.SseTestClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * During a rolling deploy across a change of the {@code stream_events} trigger (V3 changed its payload from one id
 * to a list), replicas of one version receive notifications written by the other's trigger. The rows are on the
 * table either way: a replica that cannot read the payload still pushes them to its browsers.
 */
@NotificationIT
class ForeignStreamNotificationIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @LocalServerPort
    int port;
    @Autowired
    StreamEventListener listener;
    @Autowired
    StreamEventStore store;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    ObjectMapper json;

    @Test
    void rowsNamedInAnotherFormatAreReadByIdAndReachTheStream() throws Exception {
        await().atMost(WAIT).until(listener::isListening);
        String user = Reminders.newUserId();
        long task = Reminders.newTaskId();
        try (SseTestClient client = SseTestClient.open(port, user, TestJwts.token(user), null)) {
            await().atMost(WAIT).until(() -> client.status() == 200);

            transactions.executeWithoutResult(status -> {
                // this version's trigger stays silent (the test user is a superuser); the payload is another's
                jdbc.sql("set local session_replication_role = replica").update();
                store.append(user, "task-update", Map.of("task_id", task), UUID.randomUUID(), Instant.now());
                jdbc.sql("select pg_notify('stream_events', 'v9:' || max(id)) from stream_events where user_id = ?")
                        .param(user).query().listOfRows();
            });

            await().atMost(WAIT).until(() -> client.events("task-update").size() == 1);
            assertThat(json.readTree(client.events("task-update").get(0).data()).path("task_id").asLong())
                    .isEqualTo(task);
        }
    }
}
