package dev.todo.notification.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todo.common.events.TaskData;
import dev.todo.common.events.TaskEvent;
import dev.todo.common.events.TaskEventType;
import dev.todo.common.pubsub.BulkDelivery;
import dev.todo.common.test.TestJwts;
import dev.todo.notification.stream.StreamEventListener;
import dev.todo.notification.support.DaprCalls;
import dev.todo.notification.support.NotificationIT;
import dev.todo.notification.support.Reminders;
import dev.todo.notification.support.SseTestClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * task-updates arrive in bulk and are stored with one multi-row insert per batch, on a real PostgreSQL: a source
 * event stays stored once whether it comes twice in one batch or again in a later one, a poison entry costs only
 * itself, and every stored row still reaches a connected browser (the insert trigger NOTIFYs per row).
 */
@NotificationIT
class TaskUpdateBatchIT {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String ROUTE = "/events/task-updates";

    @LocalServerPort
    int port;
    @Autowired
    ObjectMapper json;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    StreamEventListener listener;
    private DaprCalls dapr;

    @BeforeEach
    void setUp() {
        dapr = new DaprCalls(port, NotificationIT.APP_TOKEN, json);
        await().atMost(WAIT).until(listener::isListening);
    }

    @Test
    void aBatchIsStoredOnceEachWithDuplicatesInsideAndAcrossBatches() throws Exception {
        String user = Reminders.newUserId();
        TaskEvent first = Reminders.taskUpdate(Reminders.newTaskId(), user);
        TaskEvent second = Reminders.taskUpdate(Reminders.newTaskId(), user);
        TaskEvent third = Reminders.taskUpdate(Reminders.newTaskId(), user);

        assertThat(dapr.deliverBulk(ROUTE, "task-updates", List.of(first, second, first)))
                .containsOnly(Map.entry("0", "SUCCESS"), Map.entry("1", "SUCCESS"), Map.entry("2", "SUCCESS"));
        assertThat(storedSourceEvents(user)).containsExactly(first.eventId(), second.eventId());

        // a redelivered batch with one new event: only that one is added
        assertThat(dapr.deliverBulk(ROUTE, "task-updates", List.of(second, third, first)))
                .containsOnly(Map.entry("0", "SUCCESS"), Map.entry("1", "SUCCESS"), Map.entry("2", "SUCCESS"));
        assertThat(storedSourceEvents(user)).containsExactly(first.eventId(), second.eventId(), third.eventId());
    }

    @Test
    void aPoisonEntryIsDroppedAndTheRestOfItsBatchIsStored() throws Exception {
        String user = Reminders.newUserId();
        long task = Reminders.newTaskId();
        Instant now = Instant.parse("2026-03-02T09:00:00Z");
        TaskEvent before = Reminders.taskUpdate(task, user);
        TaskEvent unstorable = new TaskEvent(UUID.randomUUID(), TaskEventType.UPDATED, task,
                new TaskData(task, user, "nul \u0000 inside", null, false, "medium", List.of(), null, "UTC", null,
                        null, null, null, null, 1, null, now, now, 3), user, now, 1);
        TaskEvent after = Reminders.taskUpdate(task, user);
        Map<String, Object> unreadable = Map.of("event_id", UUID.randomUUID().toString(), "event_type", "exploded",
                "task_id", task, "user_id", user);

        assertThat(dapr.deliverBulk(ROUTE, "task-updates", List.of(before, unstorable, unreadable, after)))
                .containsOnly(Map.entry("0", "SUCCESS"), Map.entry("1", "DROP"), Map.entry("2", "DROP"),
                        Map.entry("3", "SUCCESS"));
        assertThat(storedSourceEvents(user)).containsExactly(before.eventId(), after.eventId());
    }

    /** Many events are one request: a full batch of large ones passes, where the public routes stop at 64 KiB. */
    @Test
    void aFullBatchOfLargeEventsIsAccepted() throws Exception {
        String user = Reminders.newUserId();
        Instant now = Instant.parse("2026-03-02T09:00:00Z");
        List<TaskEvent> updates = new ArrayList<>();
        for (int i = 0; i < BulkDelivery.MAX_MESSAGES; i++) {
            long task = Reminders.newTaskId();
            updates.add(new TaskEvent(UUID.randomUUID(), TaskEventType.UPDATED, task, new TaskData(task, user,
                    "t".repeat(200), "d".repeat(4000), false, "medium", List.of(), null, "UTC", null, null, null,
                    null, null, 1, null, now, now, 2), user, now, 1));
        }

        Map<String, String> answers = dapr.deliverBulk(ROUTE, "task-updates", updates);

        assertThat(answers).hasSize(BulkDelivery.MAX_MESSAGES);
        assertThat(answers.values()).containsOnly("SUCCESS");
        assertThat(storedSourceEvents(user)).hasSize(BulkDelivery.MAX_MESSAGES);
    }

    @Test
    void everyEventOfABatchReachesTheConnectedBrowserInOrder() throws Exception {
        String user = Reminders.newUserId();
        List<TaskEvent> updates = List.of(Reminders.taskUpdate(Reminders.newTaskId(), user),
                Reminders.taskUpdate(Reminders.newTaskId(), user), Reminders.taskUpdate(Reminders.newTaskId(), user));
        try (SseTestClient client = SseTestClient.open(port, user, TestJwts.token(user), null)) {
            await().atMost(WAIT).until(() -> client.status() == 200);

            dapr.deliverBulk(ROUTE, "task-updates", updates);

            await().atMost(WAIT).until(() -> client.events("task-update").size() == 3);
            List<String> received = client.events("task-update").stream()
                    .map(event -> readEventId(event.data())).toList();
            assertThat(received).containsExactlyElementsOf(
                    updates.stream().map(update -> update.eventId().toString()).toList());
        }
    }

    private String readEventId(String data) {
        try {
            return json.readTree(data).path("event_id").asText();
        } catch (Exception e) {
            throw new IllegalStateException(data, e);
        }
    }

    private List<UUID> storedSourceEvents(String user) {
        return jdbc.sql("select source_event_id from stream_events where user_id = :u and type = 'task-update' order by id")
                .param("u", user).query(UUID.class).list();
    }
}
