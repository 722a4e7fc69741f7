package dev.todo.notification.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todo.common.test.TestJwts;
import dev.todo.notification.support.DaprCalls;
import dev.todo.notification.support.NotificationIT;
import dev.todo.notification.support.Reminders;
import dev.todo.notification.support.SseTestClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

@NotificationIT
class StreamIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @LocalServerPort
    int port;
    @Autowired
    ObjectMapper json;
    @Autowired
    StreamEventListener listener;
    private DaprCalls dapr;

    @BeforeEach
    void setUp() {
        dapr = new DaprCalls(port, NotificationIT.APP_TOKEN, json);
        await().atMost(WAIT).until(listener::isListening);
    }

    @Test
    void aConnectedClientReceivesItsNotificationAndTaskUpdates() throws Exception {
        String user = Reminders.newUserId();
        String someoneElse = Reminders.newUserId();
        long task = Reminders.newTaskId();
        try (SseTestClient client = open(user, null)) {
            await().atMost(WAIT).until(() -> client.status() == 200);
            assertThat(client.contentType()).startsWith("text/event-stream");

            dapr.deliver("/events/reminders", "reminders",
                    Reminders.reminder(task, user, Instant.parse("2026-03-02T09:45:00Z")));
            dapr.deliver("/events/reminders", "reminders",
                    Reminders.reminder(Reminders.newTaskId(), someoneElse, Instant.parse("2026-03-02T09:45:00Z")));
            dapr.deliver("/events/task-updates", "task-updates", Reminders.taskUpdate(task, user));

            await().atMost(WAIT).until(() -> client.events().size() >= 2);
            SseTestClient.Event notification = client.events("notification").get(0);
            JsonNode body = json.readTree(notification.data());
            assertThat(body.path("task_id").asLong()).isEqualTo(task);
            assertThat(body.path("user_id").asText()).isEqualTo(user);
            assertThat(body.path("remind_at").asText()).isEqualTo("2026-03-02T09:45:00Z");
            assertThat(notification.id()).isNotBlank();
            JsonNode update = json.readTree(client.events("task-update").get(0).data());
            assertThat(update.path("event_type").asText()).isEqualTo("updated");
            assertThat(update.path("task_id").asLong()).isEqualTo(task);
            // nothing of the other user's, ever
            assertThat(client.events()).hasSize(2);
        }
    }

    @Test
    void aClientReconnectingWithLastEventIdGetsWhatItMissed() throws Exception {
        String user = Reminders.newUserId();
        String lastSeen;
        try (SseTestClient first = open(user, null)) {
            await().atMost(WAIT).until(() -> first.status() == 200);
            dapr.deliver("/events/reminders", "reminders",
                    Reminders.reminder(Reminders.newTaskId(), user, Instant.parse("2026-03-02T09:00:00Z")));
            await().atMost(WAIT).until(() -> first.events().size() == 1);
            lastSeen = first.events().get(0).id();
        }

        long missedTask = Reminders.newTaskId();
        dapr.deliver("/events/reminders", "reminders",
                Reminders.reminder(missedTask, user, Instant.parse("2026-03-02T10:00:00Z")));
        dapr.deliver("/events/task-updates", "task-updates", Reminders.taskUpdate(missedTask, user));

        try (SseTestClient second = open(user, lastSeen)) {
            await().atMost(WAIT).until(() -> second.events().size() >= 2);
            List<SseTestClient.Event> replayed = second.events();
            assertThat(replayed).extracting(SseTestClient.Event::name).containsExactly("notification", "task-update");
            assertThat(json.readTree(replayed.get(0).data()).path("task_id").asLong()).isEqualTo(missedTask);
            assertThat(Long.parseLong(replayed.get(0).id())).isGreaterThan(Long.parseLong(lastSeen));

            // and it goes on live after the replay
            long liveTask = Reminders.newTaskId();
            dapr.deliver("/events/reminders", "reminders",
                    Reminders.reminder(liveTask, user, Instant.parse("2026-03-02T11:00:00Z")));
            await().atMost(WAIT).until(() -> second.events().size() == 3);
            assertThat(json.readTree(second.events().get(2).data()).path("task_id").asLong()).isEqualTo(liveTask);
        }
    }

    @Test
    void heartbeatsKeepAnIdleStreamAlive() {
        try (SseTestClient client = open(Reminders.newUserId(), null)) {
            await().atMost(WAIT).until(() -> client.comments().size() >= 3);
            assertThat(client.events()).isEmpty();
        }
    }

    @Test
    void theStreamNeedsTheUsersOwnToken() {
        String user = Reminders.newUserId();
        try (SseTestClient anonymous = SseTestClient.open(port, user, "not-a-jwt", null);
             SseTestClient other = SseTestClient.open(port, user, TestJwts.token(Reminders.newUserId()), null)) {
            await().atMost(WAIT).until(() -> anonymous.status() == 401);
            await().atMost(WAIT).until(() -> other.status() == 403);
        }
    }

    @Test
    void aJwtInTheQueryStringOpensNothing() {
        String user = Reminders.newUserId();
        // RFC 6750's ?access_token= would put an all-powerful token into every proxy's access log
        try (SseTestClient client = SseTestClient.openWithQuery(port, user, "access_token=" + TestJwts.token(user))) {
            await().atMost(WAIT).until(() -> client.status() == 401);
            assertThat(client.contentType()).startsWith("application/problem+json");
        }
    }

    @Test
    void aMalformedLastEventIdIsABadRequest() {
        String user = Reminders.newUserId();
        try (SseTestClient client = open(user, "yesterday")) {
            await().atMost(WAIT).until(() -> client.status() == 400);
            assertThat(client.contentType()).startsWith("application/problem+json");
        }
    }

    private SseTestClient open(String user, String lastEventId) {
        return SseTestClient.open(port, user, TestJwts.token(user), lastEventId);
    }

}
