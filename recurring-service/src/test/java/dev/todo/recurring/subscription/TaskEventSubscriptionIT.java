package dev.todo.recurring.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todo.common.events.TaskEventType;
import dev.todo.common.pubsub.BulkDelivery;
import dev.todo.common.test.DaprCloudEvents;
import dev.todo.common.test.PrometheusScrape;
import dev.todo.recurring.occurrence.Tasks;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole app on a real port, called the way daprd calls it. No sidecar runs here: the sidecar
 * ports point at a closed port, which is exactly the "sidecar unavailable" case (RETRY). The path
 * through a real daprd to todo-api is covered by the end-to-end suite.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "todo.security.app-api-token=" + TaskEventSubscriptionIT.APP_TOKEN,
        "recurring.dapr-timeout=PT5S"})
// metrics export on (Spring Boot tests switch it off), for the outcome counters below
@AutoConfigureObservability(tracing = false)
class TaskEventSubscriptionIT {

    static final String APP_TOKEN = "it-app-token";
    private static final int CLOSED_PORT = closedPort();

    @DynamicPropertySource
    static void sidecar(DynamicPropertyRegistry registry) {
        registry.add("todo.dapr.http-port", () -> CLOSED_PORT);
        registry.add("todo.dapr.grpc-port", () -> CLOSED_PORT);
    }

    @LocalServerPort
    int port;
    @Autowired
    ObjectMapper json;
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void daprLearnsTheSubscriptionWithItsDeadLetterTopic() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/dapr/subscribe"))
                .header("dapr-api-token", APP_TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode subscriptions = json.readTree(response.body());
        assertThat(subscriptions).anySatisfy(s -> {
            assertThat(s.path("pubsubName").asText()).isEqualTo("kafka-pubsub");
            assertThat(s.path("topic").asText()).isEqualTo("task-events");
            // one route takes every entry: daprd dead-letters an entry that matches no rule, bulk or not
            assertThat(s.path("route").asText()).isEqualTo("/events/task-events");
            assertThat(s.path("routes").isMissingNode() || s.path("routes").isNull()).as("routes").isTrue();
            assertThat(s.path("deadLetterTopic").asText()).isEqualTo("task-events-dlq");
            assertThat(s.path("bulkSubscribe").path("enabled").asBoolean()).isTrue();
            assertThat(s.path("bulkSubscribe").path("maxMessagesCount").asInt()).isEqualTo(BulkDelivery.MAX_MESSAGES);
            assertThat(s.path("bulkSubscribe").path("maxAwaitDurationMs").asInt()).isEqualTo(BulkDelivery.SHORT_AWAIT_MS);
        });
    }

    @Test
    void aCallWithoutTheAppTokenIsRefused() throws Exception {
        String body = DaprCloudEvents.envelope(json, "task-events",
                Tasks.event(TaskEventType.CREATED, Tasks.plain(5)));

        HttpResponse<String> missing = post(body, null);
        HttpResponse<String> wrong = post(body, "not-the-token");

        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(missing.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    @Test
    void poisonMessagesAreDroppedAndLaterMessagesStillHandled() throws Exception {
        assertThat(status(post("{not json", APP_TOKEN))).isEqualTo("DROP");
        assertThat(status(post("{\"specversion\":\"1.0\",\"id\":\"x\",\"data\":{\"event_type\":\"exploded\"}}",
                APP_TOKEN))).isEqualTo("DROP");
        assertThat(status(post(DaprCloudEvents.envelope(json, "task-events", java.util.Map.of("task_id", "seven")),
                APP_TOKEN))).isEqualTo("DROP");

        String created = DaprCloudEvents.envelope(json, "task-events",
                Tasks.event(TaskEventType.CREATED, Tasks.plain(6)));
        assertThat(status(post(created, APP_TOKEN))).isEqualTo("SUCCESS");
    }

    @Test
    void completingAPlainTaskNeedsNoSidecar() throws Exception {
        String completed = DaprCloudEvents.envelope(json, "task-events",
                Tasks.event(TaskEventType.COMPLETED, Tasks.plain(8)));

        assertThat(status(post(completed, APP_TOKEN))).isEqualTo("SUCCESS");
    }

    @Test
    void aRecurringCompletionWhileTheSidecarIsDownIsRetried() throws Exception {
        Instant due = Instant.parse("2026-03-02T08:00:00Z");
        String completed = DaprCloudEvents.envelope(json, "task-events", Tasks.event(TaskEventType.COMPLETED,
                Tasks.recurring(9, "weekly", "due", "Europe/Berlin", due, 1, due)));

        assertThat(status(post(completed, APP_TOKEN))).isEqualTo("RETRY");
    }

    @Test
    void everyAnswerIsCountedPerTopicAndDropsAsDeadLetters() throws Exception {
        String series = "todo_pubsub_messages_total{outcome=\"%s\",topic=\"task-events\"}";
        String deadLetters = "todo_pubsub_dead_letters_total{dead_letter_topic=\"task-events-dlq\",topic=\"task-events\"}";
        PrometheusScrape before = PrometheusScrape.of(http, port);
        Instant due = Instant.parse("2026-03-02T08:00:00Z");

        assertThat(status(post("{not json", APP_TOKEN))).isEqualTo("DROP");
        assertThat(status(post(DaprCloudEvents.envelope(json, "task-events",
                Tasks.event(TaskEventType.CREATED, Tasks.plain(11))), APP_TOKEN))).isEqualTo("SUCCESS");
        assertThat(status(post(DaprCloudEvents.envelope(json, "task-events", Tasks.event(TaskEventType.COMPLETED,
                Tasks.recurring(12, "weekly", "due", "Europe/Berlin", due, 1, due))), APP_TOKEN))).isEqualTo("RETRY");

        PrometheusScrape after = PrometheusScrape.of(http, port);
        for (String outcome : new String[] {"SUCCESS", "RETRY", "DROP"}) {
            assertThat(after.value(series.formatted(outcome))).as(outcome)
                    .isGreaterThanOrEqualTo(before.value(series.formatted(outcome)) + 1);
        }
        assertThat(after.value(deadLetters)).isGreaterThanOrEqualTo(before.value(deadLetters) + 1);
    }

    @Test
    void readinessIsDownWithoutTheSidecar() throws Exception {
        HttpResponse<String> readiness = http.send(HttpRequest.newBuilder(uri("/actuator/health/readiness")).GET()
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(readiness.statusCode()).isEqualTo(503);
    }

    /** The answer for the one entry {@link #post} delivers. */
    private String status(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return DaprCloudEvents.bulkStatuses(json, response.body()).get("0");
    }

    /** Delivers {@code body} as daprd's bulk subscription does: the one entry of a batch. */
    private HttpResponse<String> post(String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/events/task-events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(DaprCloudEvents.bulk(json, "task-events", List.of(body))));
        if (token != null) {
            request.header("dapr-api-token", token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
