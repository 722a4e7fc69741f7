package dev.todo.notification.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todo.common.events.ReminderEvent;
import dev.todo.common.events.TaskData;
import dev.todo.common.events.TaskEvent;
import dev.todo.common.events.TaskEventType;
import dev.todo.common.pubsub.BulkDelivery;
import dev.todo.notification.support.DaprCalls;
import dev.todo.notification.support.NotificationIT;
import dev.todo.notification.support.Reminders;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@NotificationIT
class ReminderSubscriptionIT {

    @LocalServerPort
    int port;
    @Autowired
    ObjectMapper json;
    @Autowired
    JdbcClient jdbc;
    private DaprCalls dapr;

    @BeforeEach
    void setUp() {
        dapr = new DaprCalls(port, NotificationIT.APP_TOKEN, json);
    }

    @Test
    void theSameReminderTwiceMakesOneNotification() throws Exception {
        String user = Reminders.newUserId();
        long task = Reminders.newTaskId();
        ReminderEvent reminder = Reminders.reminder(task, user, Instant.parse("2026-03-02T09:45:00Z"));

        assertThat(dapr.deliver("/events/reminders", "reminders", reminder)).isEqualTo("SUCCESS");
        assertThat(dapr.deliver("/events/reminders", "reminders", reminder)).isEqualTo("SUCCESS");
        // the job fired again for the same remind_at: a new event id, still the same reminder
        ReminderEvent refired = new ReminderEvent(UUID.randomUUID(), task, reminder.title(), reminder.dueAt(),
                reminder.remindAt(), user);
        assertThat(dapr.deliver("/events/reminders", "reminders", refired)).isEqualTo("SUCCESS");

        assertThat(countNotifications(task)).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from stream_events where user_id = :u and type = 'notification'")
                .param("u", user).query(Long.class).single()).isEqualTo(1);
        // the default channel (log) delivers it and records the attempt
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                jdbc.sql("select status || '/' || attempts from notifications where task_id = :t")
                        .param("t", task).query(String.class).single()).isEqualTo("sent/1"));
    }

    @Test
    void aRescheduledReminderIsANewNotification() throws Exception {
        String user = Reminders.newUserId();
        long task = Reminders.newTaskId();

        dapr.deliver("/events/reminders", "reminders", Reminders.reminder(task, user, Instant.parse("2026-03-02T09:45:00Z")));
        dapr.deliver("/events/reminders", "reminders", Reminders.reminder(task, user, Instant.parse("2026-03-03T09:45:00Z")));

        assertThat(countNotifications(task)).isEqualTo(2);
    }

    @Test
    void poisonIsDroppedAndLaterMessagesStillFlow() throws Exception {
        long task = Reminders.newTaskId();
        String user = Reminders.newUserId();

        assertThat(dapr.status(dapr.post("/events/reminders", "{\"specversion\":\"1.0\",", NotificationIT.APP_TOKEN)))
                .isEqualTo("DROP");
        assertThat(dapr.status(dapr.post("/events/reminders", "", NotificationIT.APP_TOKEN))).isEqualTo("DROP");
        assertThat(dapr.deliver("/events/reminders", "reminders", Map.of("task_id", "not-a-number")))
                .isEqualTo("DROP");
        assertThat(dapr.deliver("/events/reminders", "reminders",
                Map.of("event_id", UUID.randomUUID().toString(), "task_id", task, "user_id", user)))
                .as("no title and no remind_at").isEqualTo("DROP");
        assertThat(dapr.deliver("/events/reminders", "reminders", "just a string")).isEqualTo("DROP");
        ReminderEvent valid = Reminders.reminder(task, user, Instant.parse("2026-03-02T09:45:00Z"));
        assertThat(dapr.deliver("/events/reminders", "reminders", new ReminderEvent(valid.eventId(), task,
                "nul \u0000 inside", valid.dueAt(), valid.remindAt(), user)))
                .as("text PostgreSQL cannot store").isEqualTo("DROP");
        assertThat(dapr.deliver("/events/reminders", "reminders", new ReminderEvent(valid.eventId(), task,
                valid.title(), valid.dueAt(), Instant.parse("+20000-01-01T00:00:00Z"), user)))
                .as("a year no task has").isEqualTo("DROP");
        assertThat(countNotifications(task)).isZero();

        assertThat(dapr.deliver("/events/reminders", "reminders",
                Reminders.reminder(task, user, Instant.parse("2026-03-02T09:45:00Z")))).isEqualTo("SUCCESS");
        assertThat(countNotifications(task)).isEqualTo(1);
    }

    @Test
    void routesDaprCallsAreRefusedWithoutTheAppToken() throws Exception {
        long task = Reminders.newTaskId();
        String body = dapr.envelope("reminders", Reminders.reminder(task, Reminders.newUserId(), Instant.now()));

        HttpResponse<String> missing = dapr.post("/events/reminders", body, null);
        HttpResponse<String> wrong = dapr.post("/events/task-updates", body, "wrong-token");

        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(countNotifications(task)).isZero();
    }

    @Test
    void daprLearnsBothSubscriptions() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/dapr/subscribe"))
                .header("dapr-api-token", NotificationIT.APP_TOKEN).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        List<JsonNode> subscriptions = List.of(json.readValue(response.body(), JsonNode[].class));
        assertThat(subscriptions).anySatisfy(s -> {
            assertThat(s.path("pubsubName").asText()).isEqualTo("kafka-pubsub");
            assertThat(s.path("topic").asText()).isEqualTo("reminders");
            assertThat(s.path("route").asText()).isEqualTo("/events/reminders");
            assertThat(s.path("deadLetterTopic").asText()).isEqualTo("reminders-dlq");
        });
        assertThat(subscriptions).anySatisfy(s -> {
            assertThat(s.path("topic").asText()).isEqualTo("task-updates");
            assertThat(s.path("route").asText()).isEqualTo("/events/task-updates");
            assertThat(s.path("bulkSubscribe").path("enabled").asBoolean()).isTrue();
            assertThat(s.path("bulkSubscribe").path("maxMessagesCount").asInt()).isEqualTo(BulkDelivery.MAX_MESSAGES);
            assertThat(s.path("bulkSubscribe").path("maxAwaitDurationMs").asInt()).isEqualTo(BulkDelivery.MAX_AWAIT_MS);
        });
    }

    @Test
    void aTaskUpdateDeliveredTwiceIsStreamedOnce() throws Exception {
        String user = Reminders.newUserId();
        long task = Reminders.newTaskId();
        Instant now = Instant.parse("2026-03-02T09:00:00Z");
        TaskData data = new TaskData(task, user, "Buy milk", null, false, "medium", List.of(), null, "UTC", null,
                null, null, null, null, 1, null, now, now, 1);
        TaskEvent update = new TaskEvent(UUID.randomUUID(), TaskEventType.UPDATED, task, data, user, now, 1);

        assertThat(dapr.deliver("/events/task-updates", "task-updates", update)).isEqualTo("SUCCESS");
        assertThat(dapr.deliver("/events/task-updates", "task-updates", update)).isEqualTo("SUCCESS");
        assertThat(dapr.deliver("/events/task-updates", "task-updates",
                Map.of("event_id", UUID.randomUUID().toString(), "event_type", "exploded", "task_id", task,
                        "user_id", user))).isEqualTo("DROP");

        assertThat(dapr.deliver("/events/task-updates", "task-updates", new TaskEvent(UUID.randomUUID(),
                TaskEventType.UPDATED, task, new TaskData(task, user, "nul \u0000 inside", null, false, "medium",
                List.of(), null, "UTC", null, null, null, null, null, 1, null, now, now, 3), user, now, 1)))
                .as("JSON PostgreSQL cannot store").isEqualTo("DROP");

        assertThat(jdbc.sql("select count(*) from stream_events where user_id = :u and type = 'task-update'")
                .param("u", user).query(Long.class).single()).isEqualTo(1);
    }

    private long countNotifications(long taskId) {
        return jdbc.sql("select count(*) from notifications where task_id = :t").param("t", taskId)
                .query(Long.class).single();
    }
}
