package dev.todo.notification.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todo.common.test.PrometheusScrape;
import dev.todo.common.test.TestJwts;
import dev.todo.notification.support.DaprCalls;
import dev.todo.notification.support.NotificationIT;
import dev.todo.notification.support.Reminders;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The series the chart's dashboard and alerts read appear in /actuator/prometheus after the action that
 * produces them (the names here are the ones docs/CONVENTIONS.md lists and helm/todo-app/files uses).
 */
@NotificationIT
// Spring Boot tests switch metrics export off unless asked; this one is about exactly that export.
@AutoConfigureObservability(tracing = false)
class OperatorMetricsIT {

    private final HttpClient http = HttpClient.newHttpClient();
    @LocalServerPort
    int port;
    @Autowired
    ObjectMapper json;
    private DaprCalls dapr;

    @BeforeEach
    void setUp() {
        dapr = new DaprCalls(port, NotificationIT.APP_TOKEN, json);
    }

    @Test
    void subscriberOutcomesAndDeadLettersAreCountedPerTopic() throws Exception {
        String success = "todo_pubsub_messages_total{outcome=\"SUCCESS\",topic=\"reminders\"}";
        String drop = "todo_pubsub_messages_total{outcome=\"DROP\",topic=\"reminders\"}";
        String deadLetters = "todo_pubsub_dead_letters_total{dead_letter_topic=\"reminders-dlq\",topic=\"reminders\"}";
        PrometheusScrape before = scrape();
        // registered at zero when the service starts, before any message (so increase() sees the first one)
        assertThat(before.has("todo_pubsub_messages_total{outcome=\"RETRY\",topic=\"task-updates\"}")).isTrue();

        assertThat(dapr.deliver("/events/reminders", "reminders",
                Reminders.reminder(Reminders.newTaskId(), Reminders.newUserId(), Instant.now()))).isEqualTo("SUCCESS");
        assertThat(dapr.deliver("/events/reminders", "reminders", "just a string")).isEqualTo("DROP");

        PrometheusScrape after = scrape();
        assertThat(after.value(success)).isEqualTo(before.value(success) + 1);
        assertThat(after.value(deadLetters)).isEqualTo(before.value(deadLetters) + 1);
        assertThat(after.value(drop)).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aDeliveredReminderRecordsItsLatenessAsHistogramBuckets() throws Exception {
        String count = "notification_reminder_lateness_seconds_count{channel=\"log\"}";
        double before = scrape().value(count);

        dapr.deliver("/events/reminders", "reminders",
                Reminders.reminder(Reminders.newTaskId(), Reminders.newUserId(), Instant.now()));

        await().atMost(Duration.ofSeconds(10)).until(() -> scrape().value(count) > before);
        assertThat(scrape().has("notification_reminder_lateness_seconds_bucket{channel=\"log\",le=\"+Inf\"}")).isTrue();
    }

    @Test
    void requestsAreTaggedWithTheRouteTemplateAndCarryBuckets() throws Exception {
        String user = Reminders.newUserId();
        HttpResponse<String> list = http.send(HttpRequest.newBuilder(uri("/api/" + user + "/notifications"))
                .header("Authorization", "Bearer " + TestJwts.token(user)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(list.statusCode()).isEqualTo(200);

        String scrape = scrape().text();
        assertThat(scrape).contains("uri=\"/api/{user_id}/notifications\"");
        assertThat(scrape).doesNotContain("uri=\"/api/" + user);
        assertThat(scrape.lines().filter(line -> line.startsWith("http_server_requests_seconds_bucket{")
                && line.contains("uri=\"/api/{user_id}/notifications\""))).hasSizeGreaterThan(10);
    }

    @Test
    void streamConnectionsAreAGauge() throws Exception {
        assertThat(scrape().text()).containsPattern("(?m)^notification_stream_connections \\d");
    }

    private PrometheusScrape scrape() throws Exception {
        return PrometheusScrape.of(http, port);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
