package dev.todo.notification.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.todo.notification.stream.StreamEventStore.NewStreamEvent;
import dev.todo.notification.support.NotificationIT;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code stream_events} trigger notifies once per insert statement, naming every row it inserted (chunks of
 * 200 ids), so a batch of task updates costs PostgreSQL one notification and the listener one fetch.
 */
@NotificationIT
class StreamNotifyIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Autowired
    StreamEventStore store;
    @Autowired
    DataSourceProperties dataSource;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aBatchInOneStatementIsOneNotificationNamingEveryRow() throws Exception {
        assertThat(notificationsOfOneAppend(3)).hasSize(1);
    }

    @Test
    void aLargeStatementIsSplitSoNoPayloadNearsTheLimit() throws Exception {
        List<List<Long>> notifications = notificationsOfOneAppend(250);

        assertThat(notifications).extracting(List::size).containsExactly(200, 50);
    }

    @Test
    void aStatementThatInsertsNothingNotifiesNothing() throws Exception {
        String user = "user-" + UUID.randomUUID();
        NewStreamEvent event = new NewStreamEvent(user, "task-update", Map.of("n", 0), UUID.randomUUID());
        store.append(user, event.type(), event.payload(), event.sourceEventId(), Instant.now());
        try (Connection connection = listening()) {
            assertThat(store.append(user, event.type(), event.payload(), event.sourceEventId(), Instant.now()))
                    .isFalse();
            // a marker statement after it: once its notification arrives, the duplicate's would have too
            long marker = ids(appendFor("user-" + UUID.randomUUID(), 1)).iterator().next();
            List<String> payloads = new ArrayList<>();
            await().atMost(WAIT).until(() -> {
                payloads.addAll(poll(connection));
                return payloads.stream().anyMatch(p -> StreamNotification.ids(p).contains(marker));
            });
            assertThat(payloads).allSatisfy(p -> assertThat(StreamNotification.ids(p)).containsOnly(marker));
        }
    }

    /** The notifications (their ids) that name rows of one append of {@code rows} events. */
    private List<List<Long>> notificationsOfOneAppend(int rows) throws Exception {
        try (Connection connection = listening()) {
            Set<Long> mine = ids(appendFor("user-" + UUID.randomUUID(), rows));
            assertThat(mine).hasSize(rows);
            List<List<Long>> notified = new ArrayList<>();
            Set<Long> seen = new HashSet<>();
            await().atMost(WAIT).until(() -> {
                for (String payload : poll(connection)) {
                    List<Long> ids = StreamNotification.ids(payload);
                    if (ids.stream().anyMatch(mine::contains)) {
                        assertThat(mine).containsAll(ids);
                        notified.add(ids);
                        seen.addAll(ids);
                    }
                }
                return seen.equals(mine);
            });
            assertThat(notified).allSatisfy(ids -> assertThat(ids).isSorted());
            return notified;
        }
    }

    private String appendFor(String user, int rows) {
        store.appendAll(IntStream.range(0, rows)
                .mapToObj(i -> new NewStreamEvent(user, "task-update", Map.of("n", i), UUID.randomUUID()))
                .toList(), Instant.now());
        return user;
    }

    private Set<Long> ids(String user) {
        return new HashSet<>(jdbc.sql("select id from stream_events where user_id = ?").param(user)
                .query(Long.class).list());
    }

    /** Outside the pool, as the service's listener: a pooled connection would go on listening after the test. */
    private Connection listening() throws Exception {
        Connection connection = DriverManager.getConnection(dataSource.determineUrl(),
                dataSource.determineUsername(), dataSource.determinePassword());
        try (Statement statement = connection.createStatement()) {
            statement.execute("listen " + StreamEventListener.CHANNEL);
        }
        return connection;
    }

    private static List<String> poll(Connection connection) throws Exception {
        PGNotification[] notifications = connection.unwrap(PGConnection.class).getNotifications(100);
        List<String> payloads = new ArrayList<>();
        if (notifications != null) {
            for (PGNotification notification : notifications) {
                payloads.add(notification.getParameter());
            }
        }
        return payloads;
    }
}
