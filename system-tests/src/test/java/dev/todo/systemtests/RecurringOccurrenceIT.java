package dev.todo.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.todo.localstack.LocalStack;
import dev.todo.localstack.ServiceSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SPEC §8 acceptance 4 through the real stack: completing a recurring task publishes {@code completed}
 * on task-events; recurring-service computes the next date and creates the occurrence in todo-api
 * through Dapr service invocation; its processed records live in the Dapr state store.
 */
@ExtendWith(LocalStackExtension.class)
class RecurringOccurrenceIT {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Duration PROCESSED_WITHIN = Duration.ofSeconds(60);

    @Test
    void completingAWeeklyTaskCreatesExactlyOneNextOccurrenceAndUncompletingRemovesIt(LocalStack stack) {
        UserSession user = UserSession.newUser(stack);
        ZonedDateTime due = nextMondayAtNine();
        JsonNode first = createWeekly(user, "Team meeting", due);
        long firstId = first.path("id").asLong();

        complete(user, firstId, true);

        await().atMost(PROCESSED_WITHIN).until(() -> tasks(user).size() == 2);
        JsonNode next = occurrence(user, 2);
        assertThat(next.path("series_id").asText()).isEqualTo(first.path("series_id").asText());
        assertThat(next.path("completed").asBoolean()).isFalse();
        assertThat(next.path("title").asText()).isEqualTo("Team meeting");
        assertThat(next.path("time_zone").asText()).isEqualTo("Europe/Berlin");
        ZonedDateTime nextDue = Instant.parse(next.path("due_at").asText()).atZone(BERLIN);
        assertThat(nextDue.toLocalDate()).isEqualTo(due.toLocalDate().plusWeeks(1));
        assertThat(nextDue.toLocalTime()).isEqualTo(LocalTime.of(9, 0));
        // it carries the reminder offset, so it gets its own reminder
        assertThat(next.path("reminder_offset").asText()).isEqualTo("PT30M");
        assertThat(Instant.parse(next.path("remind_at").asText())).isEqualTo(nextDue.toInstant().minusSeconds(1800));
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(15))
                .until(() -> tasks(user).size() == 2);

        complete(user, firstId, false);
        await().atMost(PROCESSED_WITHIN).until(() -> tasks(user).size() == 1);
        assertThat(tasks(user).get(0).path("id").asLong()).isEqualTo(firstId);

        complete(user, firstId, true);
        await().atMost(PROCESSED_WITHIN).until(() -> tasks(user).size() == 2);
        assertThat(occurrence(user, 2).path("due_at").asText()).isEqualTo(next.path("due_at").asText());
    }

    @Test
    void duplicateAndReplayedTaskEventsCreateNoSecondOccurrence(LocalStack stack) throws Exception {
        UserSession user = UserSession.newUser(stack);
        long firstId = createWeekly(user, "Water the plants", nextMondayAtNine()).path("id").asLong();
        complete(user, firstId, true);
        await().atMost(PROCESSED_WITHIN).until(() -> tasks(user).size() == 2);
        long secondId = occurrence(user, 2).path("id").asLong();

        HttpResponse<String> history = user.todoApi("GET", "/api/" + user.userId + "/tasks/" + firstId + "/history",
                null, null);
        assertThat(history.statusCode()).as(history.body()).isEqualTo(200);
        List<JsonNode> events = StreamSupport.stream(user.json(history).spliterator(), false).toList();
        JsonNode completed = events.stream().filter(e -> e.path("event_type").asText().equals("completed"))
                .findFirst().orElseThrow();
        String completedId = completed.path("event_id").asText();

        // the same completed event delivered twice more, then the task's whole history replayed
        publishTaskEvent(stack, completed);
        publishTaskEvent(stack, completed);
        for (JsonNode event : events) {
            publishTaskEvent(stack, event);
        }

        await().atMost(PROCESSED_WITHIN).until(() -> ServiceLogs.entries(stack, ServiceSpec.RECURRING_SERVICE).stream()
                .filter(e -> e.path("event").asText().equals("task_event_handled")
                        && e.path("event_id").asText().equals(completedId) && e.path("task_id").asLong() == firstId
                        && e.path("event_type").asText().equals("completed")
                        && e.path("outcome").asText().equals("DUPLICATE"))
                .count() >= 3);
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(tasks(user)).extracting(t -> t.path("id").asLong())
                        .containsExactlyInAnyOrder(firstId, secondId));
    }

    private static ZonedDateTime nextMondayAtNine() {
        LocalDate monday = LocalDate.now(BERLIN).plusDays(2).with(TemporalAdjusters.next(DayOfWeek.MONDAY));
        return ZonedDateTime.of(monday, LocalTime.of(9, 0), BERLIN);
    }

    private static JsonNode createWeekly(UserSession user, String title, ZonedDateTime due) {
        HttpResponse<String> created = user.todoApi("POST", "/api/" + user.userId + "/tasks", "application/json",
                "{\"title\":\"" + title + "\",\"due_at\":\"" + due.toInstant() + "\",\"time_zone\":\"Europe/Berlin\","
                        + "\"recurrence_pattern\":\"weekly\",\"reminder_offset\":\"PT30M\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode task = user.json(created);
        assertThat(task.path("occurrence").asInt()).isEqualTo(1);
        return task;
    }

    private static void complete(UserSession user, long taskId, boolean completed) {
        HttpResponse<String> response = user.todoApi("PATCH", "/api/" + user.userId + "/tasks/" + taskId + "/complete",
                "application/json", "{\"completed\":" + completed + "}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private static List<JsonNode> tasks(UserSession user) {
        HttpResponse<String> response = user.todoApi("GET", "/api/" + user.userId + "/tasks?status=all&size=200",
                null, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return StreamSupport.stream(user.json(response).spliterator(), false).toList();
    }

    private static JsonNode occurrence(UserSession user, int occurrence) {
        List<JsonNode> matching = tasks(user).stream().filter(t -> t.path("occurrence").asInt() == occurrence).toList();
        assertThat(matching).hasSize(1);
        return matching.get(0);
    }

    /** Publishes a TaskEvent on task-events as todo-api's relay does: keyed by task id, CloudEvent id = event id. */
    private static void publishTaskEvent(LocalStack stack, JsonNode event) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        ServiceSpec.TODO_API.daprHttpUrl() + "/v1.0/publish/kafka-pubsub/task-events"
                                + "?metadata.partitionKey=" + event.path("task_id").asLong()
                                + "&metadata.cloudevent.id=" + event.path("event_id").asText()))
                .header("dapr-api-token", stack.secrets().daprApiToken(ServiceSpec.TODO_API))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(UserSession.JSON.writeValueAsString(event))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    }
}
