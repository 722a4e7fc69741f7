package dev.todo.notification.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todo.common.test.TestJwts;
import dev.todo.notification.support.DaprCalls;
import dev.todo.notification.support.NotificationIT;
import dev.todo.notification.support.Reminders;
import dev.todo.notification.support.SseTestClient;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * SPEC §2/§6 on a replica with small limits: streams beyond the caps are refused with 429, and a client
 * that stops reading is dropped without holding up anyone else's events.
 */
@NotificationIT
@TestPropertySource(properties = {
        "notification.stream.max-connections-per-user=2",
        "notification.stream.max-connections=3",
        "notification.stream.retry-after=PT7S",
        "notification.stream.queue-capacity=16"})
class StreamLimitsIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Far more than the kernel buffers both ends of a loopback connection (a few MiB here). */
    private static final int STALLING_EVENTS = 48;
    private static final String BLOB = "x".repeat(256 * 1024);

    @LocalServerPort
    int port;
    @Autowired
    ObjectMapper json;
    @Autowired
    StreamEventListener listener;
    @Autowired
    StreamHub hub;
    @Autowired
    StreamEventStore store;
    private final List<SseTestClient> clients = new ArrayList<>();

    @BeforeEach
    void listening() {
        await().atMost(WAIT).until(listener::isListening);
    }

    @AfterEach
    void closeEverything() {
        clients.forEach(SseTestClient::close);
        // the server notices a vanished client on its next heartbeat (every second here)
        await().atMost(WAIT).until(() -> hub.connectionCount() == 0);
    }

    @Test
    void aUserOverItsCapIsAnswered429UntilOneOfItsStreamsCloses() {
        String user = Reminders.newUserId();
        SseTestClient first = open(user);
        open(user);
        await().atMost(WAIT).until(() -> clients.stream().allMatch(c -> c.status() == 200));

        SseTestClient third = open(user);
        assertTooMany(third);
        assertThat(open(Reminders.newUserId())).satisfies(other ->
                await().atMost(WAIT).until(() -> other.status() == 200));

        first.close();
        await().atMost(WAIT).until(() -> hub.connectionCount(user) == 1);
        SseTestClient again = open(user);
        await().atMost(WAIT).until(() -> again.status() == 200);
    }

    @Test
    void aReplicaOverItsCapIsAnswered429() {
        for (int i = 0; i < 3; i++) {
            SseTestClient client = open(Reminders.newUserId());
            await().atMost(WAIT).until(() -> client.status() == 200);
        }
        assertTooMany(open(Reminders.newUserId()));
    }

    @Test
    void aStalledClientDoesNotDelayAnotherUsersEvents() throws Exception {
        String stalled = Reminders.newUserId();
        String other = Reminders.newUserId();
        try (Socket neverReads = new Socket()) {
            neverReads.setReceiveBufferSize(4096);
            neverReads.connect(new InetSocketAddress("127.0.0.1", port));
            OutputStream request = neverReads.getOutputStream();
            request.write(("GET /api/" + stalled + "/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Accept: text/event-stream\r\nAuthorization: Bearer " + TestJwts.token(stalled) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            request.flush();
            await().atMost(WAIT).until(() -> hub.streamsReceiving(stalled) == 1);
            SseTestClient watcher = open(other);
            await().atMost(WAIT).until(() -> watcher.status() == 200);

            for (int i = 0; i < STALLING_EVENTS; i++) {
                store.append(stalled, StreamEvent.TASK_UPDATE, Map.of("blob", BLOB), UUID.randomUUID(), Instant.now());
            }
            // its queue filled up behind a write that cannot finish: dropped, while its slot stays taken
            await().atMost(WAIT).until(() -> hub.streamsReceiving(stalled) == 0);
            assertThat(hub.connectionCount(stalled)).isEqualTo(1);

            DaprCalls dapr = new DaprCalls(port, NotificationIT.APP_TOKEN, json);
            for (int i = 1; i <= 3; i++) {
                int expected = i;
                dapr.deliver("/events/task-updates", "task-updates", Reminders.taskUpdate(Reminders.newTaskId(), other));
                await("task update " + i + " published → received").atMost(Duration.ofSeconds(1))
                        .until(() -> watcher.events("task-update").size() == expected);
            }
        }
        // the client is gone: the blocked write fails and the slot is free again
        await().atMost(WAIT).until(() -> hub.connectionCount(stalled) == 0);
    }

    private SseTestClient open(String user) {
        SseTestClient client = SseTestClient.open(port, user, TestJwts.token(user), null);
        clients.add(client);
        return client;
    }

    private static void assertTooMany(SseTestClient client) {
        await().atMost(WAIT).until(() -> client.status() != 0);
        assertThat(client.status()).isEqualTo(429);
        assertThat(client.contentType()).startsWith("application/problem+json");
        assertThat(client.header("Retry-After")).isEqualTo("7");
    }
}
