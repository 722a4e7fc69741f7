package dev.todo.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import dev.todo.common.test.SseStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import dev.todo.localstack.KafkaBroker;
import dev.todo.localstack.LocalStack;
import dev.todo.localstack.ServiceSpec;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SPEC §8 acceptance 3 through the real stack: todo-api schedules a Dapr job, the Scheduler fires it,
 * todo-api publishes a ReminderEvent on {@code reminders}, notification-service stores one
 * notification, lists it and pushes it on the user's SSE stream.
 */
@ExtendWith(LocalStackExtension.class)
class ReminderNotificationIT {

    private static final Duration FIRES_WITHIN = Duration.ofSeconds(60);

    @Test
    void aDueReminderBecomesOneNotificationListedStreamedAndMailed(LocalStack stack, GreenMail mail) throws Exception {
        UserSession user = UserSession.newUser(stack);
        try (SseStream stream = openStream(user)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> stream.status() == 200);

            JsonNode task = createTask(user, "Call the plumber", Instant.now().plusSeconds(70), "PT1M");
            long taskId = task.path("id").asLong();

            await().atMost(FIRES_WITHIN).until(() -> notificationsFor(user, taskId).size() == 1);
            JsonNode notification = notificationsFor(user, taskId).get(0);
            assertThat(notification.path("user_id").asText()).isEqualTo(user.userId);
            assertThat(notification.path("title").asText()).isEqualTo("Call the plumber");
            assertThat(notification.path("remind_at").asText()).isEqualTo(task.path("remind_at").asText());
            assertThat(notification.path("due_at").asText()).isEqualTo(task.path("due_at").asText());
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonNode delivered = notificationsFor(user, taskId).get(0);
                assertThat(delivered.path("channel").asText()).isEqualTo("email");
                assertThat(delivered.path("status").asText()).isEqualTo("sent");
                assertThat(delivered.path("attempts").asInt()).isEqualTo(1);
            });

            await().atMost(Duration.ofSeconds(20)).until(() -> !stream.events("notification").isEmpty());
            JsonNode pushed = UserSession.JSON.readTree(stream.events("notification").get(0).data());
            assertThat(pushed.path("task_id").asLong()).isEqualTo(taskId);
            assertThat(pushed.path("id").asLong()).isEqualTo(notification.path("id").asLong());
            // the stream also carried the task's own updates
            assertThat(stream.events("task-update")).isNotEmpty();
        }
        HttpResponse<String> list = user.notifications("GET", "/api/" + user.userId + "/notifications");
        assertThat(list.headers().firstValue("X-Total-Count")).contains("1");
        // the e-mail channel is on in this stack: exactly one message, to the user's address, about this task
        List<MimeMessage> mails = mailsTo(mail, user.userId + "@todo.test");
        assertThat(mails).hasSize(1);
        assertThat(mails.get(0).getSubject()).contains("Call the plumber");
    }

    private static List<MimeMessage> mailsTo(GreenMail mail, String address) throws Exception {
        List<MimeMessage> result = new ArrayList<>();
        for (MimeMessage message : mail.getReceivedMessages()) {
            for (jakarta.mail.Address to : message.getAllRecipients()) {
                if (to.toString().equalsIgnoreCase(address)) {
                    result.add(message);
                }
            }
        }
        return result;
    }

    @Test
    void changingTheDueDateMovesTheReminder(LocalStack stack) {
        UserSession user = UserSession.newUser(stack);
        Instant firstDue = Instant.now().plusSeconds(72);
        JsonNode task = createTask(user, "Renew passport", firstDue, "PT1M");
        long taskId = task.path("id").asLong();
        Instant movedDue = firstDue.plusSeconds(15).truncatedTo(ChronoUnit.SECONDS);

        HttpResponse<String> patched = user.todoApi("PATCH", "/api/" + user.userId + "/tasks/" + taskId,
                "application/merge-patch+json", "{\"due_at\":\"" + movedDue + "\"}");
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        String movedRemindAt = user.json(patched).path("remind_at").asText();
        assertThat(Instant.parse(movedRemindAt)).isEqualTo(movedDue.minusSeconds(60));

        // the moved reminder fires after the original time would have: by then only the moved one exists
        await().atMost(FIRES_WITHIN).until(() -> !notificationsFor(user, taskId).isEmpty());
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(notificationsFor(user, taskId)).singleElement()
                        .satisfies(n -> assertThat(n.path("remind_at").asText()).isEqualTo(movedRemindAt)));
    }

    @Test
    void completingTheTaskBeforeItsReminderFiresMeansNoNotification(LocalStack stack) {
        UserSession user = UserSession.newUser(stack);
        Instant due = Instant.now().plusSeconds(70);
        long completedTask = createTask(user, "Done early", due, "PT1M").path("id").asLong();
        HttpResponse<String> completed = user.todoApi("PATCH",
                "/api/" + user.userId + "/tasks/" + completedTask + "/complete", "application/json",
                "{\"completed\":true}");
        assertThat(completed.statusCode()).as(completed.body()).isEqualTo(200);
        // a witness whose reminder is due after the completed task's would have been
        long witness = createTask(user, "Still open", due.plusSeconds(5), "PT1M").path("id").asLong();

        await().atMost(FIRES_WITHIN).until(() -> notificationsFor(user, witness).size() == 1);
        assertThat(notificationsFor(user, completedTask)).isEmpty();
    }

    @Test
    void aPoisonReminderGoesToTheDeadLetterTopicWhileLaterRemindersFlow(LocalStack stack) throws Exception {
        String poisonId = UUID.randomUUID().toString();
        HttpResponse<String> published = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        ServiceSpec.TODO_API.daprHttpUrl() + "/v1.0/publish/kafka-pubsub/reminders"
                                + "?metadata.partitionKey=0&metadata.cloudevent.id=" + poisonId))
                .header("dapr-api-token", stack.secrets().daprApiToken(ServiceSpec.TODO_API))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"task_id\":\"not a number\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(published.statusCode()).as(published.body()).isEqualTo(204);

        UserSession user = UserSession.newUser(stack);
        long taskId = createTask(user, "After the poison", Instant.now().plusSeconds(68), "PT1M").path("id").asLong();

        awaitDeadLetter(poisonId);
        await().atMost(FIRES_WITHIN).until(() -> notificationsFor(user, taskId).size() == 1);
    }

    private static SseStream openStream(UserSession user) {
        return new SseStream(URI.create(ServiceSpec.NOTIFICATION_SERVICE.appUrl() + "/api/" + user.userId
                + "/stream"), user.token);
    }

    private static JsonNode createTask(UserSession user, String title, Instant due, String reminderOffset) {
        HttpResponse<String> created = user.todoApi("POST", "/api/" + user.userId + "/tasks", "application/json",
                "{\"title\":\"" + title + "\",\"due_at\":\"" + due.truncatedTo(ChronoUnit.SECONDS)
                        + "\",\"reminder_offset\":\"" + reminderOffset + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return user.json(created);
    }

    private static List<JsonNode> notificationsFor(UserSession user, long taskId) {
        HttpResponse<String> response = user.notifications("GET", "/api/" + user.userId + "/notifications?size=200");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return StreamSupport.stream(user.json(response).spliterator(), false)
                .filter(n -> n.path("task_id").asLong() == taskId)
                .toList();
    }


    /** Reads {@code reminders-dlq} from the start until the CloudEvent with this id shows up. */
    private static void awaitDeadLetter(String cloudEventId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.BOOTSTRAP);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "system-tests-dlq-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<String> ids = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of("reminders-dlq"));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    ids.add(UserSession.JSON.readTree(record.value()).path("id").asText());
                }
                return ids.contains(cloudEventId);
            });
        }
    }
}
