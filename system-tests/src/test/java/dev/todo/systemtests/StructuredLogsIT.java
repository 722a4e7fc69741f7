package dev.todo.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.todo.localstack.DemoToken;
import dev.todo.localstack.LocalStack;
import dev.todo.localstack.PostgresServer;
import dev.todo.localstack.ServiceSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The services' logs as an operator reads them (docs/CONVENTIONS.md, issue 14): after a recurring task with a
 * reminder is created, updated, reminded of and completed, and after a bad and two unauthorized requests, every
 * line the three services wrote (this test's traffic and whatever the suite did before it on the shared stack)
 * is a JSON object with the common fields, the request and event paths name their task, user and event and carry
 * the trace they belong to ({@code trace_id}, {@code span_id}), and no line of the services or their sidecars
 * holds a token or secret of the run.
 */
@ExtendWith(LocalStackExtension.class)
class StructuredLogsIT {

    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static final List<String> COMMON_FIELDS = List.of("timestamp", "level", "logger", "thread", "message",
            "service");
    /** Every line of a task's journey (a request or an event being handled) is in a trace. */
    private static final List<String> TRACE_FIELDS = List.of("trace_id", "span_id");
    /** The events of a task's journey and the vocabulary fields each must carry besides {@link #TRACE_FIELDS}. */
    private static final Map<ServiceSpec, Map<String, List<String>>> JOURNEY = Map.of(
            ServiceSpec.TODO_API, Map.of(
                    "task_created", List.of("task_id", "user_id"),
                    "task_updated", List.of("task_id", "user_id"),
                    "task_completed", List.of("task_id", "user_id"),
                    "outbox_written", List.of("task_id", "user_id", "event_id"),
                    "reminder_scheduled", List.of("task_id"),
                    "reminder_fired", List.of("task_id"),
                    "next_occurrence_created", List.of("task_id", "user_id")),
            ServiceSpec.RECURRING_SERVICE, Map.of(
                    "task_event_handled", List.of("task_id", "user_id", "event_id"),
                    "next_occurrence_created", List.of("task_id", "user_id", "event_id")),
            ServiceSpec.NOTIFICATION_SERVICE, Map.of(
                    "notification_recorded", List.of("task_id", "user_id", "event_id"),
                    "reminder_emailed", List.of("task_id", "user_id")));
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]+\\.");
    private static final Pattern BEARER = Pattern.compile("(?i)bearer\\s+[A-Za-z0-9._~+/-]{16,}");
    /** The local database password is also its user name and a word of product names: only where it is a value. */
    private static final Pattern DB_PASSWORD = Pattern.compile("(?i)password\\W{0,3}" + Pattern.quote(PostgresServer.PASSWORD));

    @Test
    void everyServiceLogLineIsJsonWithTheVocabularyAndNoSecret(LocalStack stack) throws Exception {
        UserSession user = UserSession.newUser(stack);
        long taskId = journeyOfARecurringTaskWithAReminder(user);
        List<String> presented = refusedRequests(stack, user);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (ServiceSpec service : ServiceSpec.ALL) {
                List<JsonNode> entries = ServiceLogs.entries(stack, service);
                assertThat(entries).as(service.appId()).isNotEmpty();
                entries.forEach(entry -> hasCommonFields(service, entry));
                JOURNEY.get(service).forEach((event, fields) -> {
                    List<JsonNode> logged = entries.stream().filter(e -> e.path("event").asText().equals(event)).toList();
                    logged.forEach(entry -> assertThat(fields).as("%s %s", service.appId(), entry)
                            .allSatisfy(field -> assertThat(entry.path(field).asText()).isNotBlank()));
                    logged.forEach(entry -> assertThat(TRACE_FIELDS).as("%s %s", service.appId(), entry)
                            .allSatisfy(field -> assertThat(entry.path(field).asText()).isNotBlank()));
                    assertThat(logged).as("%s logged %s for this user's task", service.appId(), event)
                            .anyMatch(entry -> entry.path("user_id").asText().equals(user.userId)
                                    || entry.path("task_id").asLong() == taskId);
                });
            }
            assertThat(ServiceLogs.entries(stack, ServiceSpec.TODO_API))
                    .anySatisfy(e -> assertThat(e.path("event").asText()).isEqualTo("dapr_token_rejected"));
        });

        List<String> secrets = new ArrayList<>(presented);
        secrets.add(stack.secrets().jwtSecret());
        secrets.add(user.token);
        for (ServiceSpec service : ServiceSpec.ALL) {
            secrets.add(stack.secrets().appApiToken(service));
            secrets.add(stack.secrets().daprApiToken(service));
        }
        for (ServiceSpec service : ServiceSpec.ALL) {
            for (String process : List.of(service.appId(), "daprd-" + service.appId())) {
                List<String> lines = ServiceLogs.lines(stack, process);
                assertThat(lines).as(process).isNotEmpty();
                for (int i = 0; i < lines.size(); i++) {
                    noSecretIn(process + ".log line " + (i + 1), lines.get(i), secrets);
                }
            }
        }
    }

    /** Create, update, be reminded of and complete a weekly task; returns its id once every service handled it. */
    private static long journeyOfARecurringTaskWithAReminder(UserSession user) {
        Instant due = Instant.now().plusSeconds(70);
        HttpResponse<String> created = user.todoApi("POST", "/api/" + user.userId + "/tasks", "application/json",
                "{\"title\":\"Pay rent\",\"due_at\":\"" + due + "\",\"recurrence_pattern\":\"weekly\","
                        + "\"reminder_offset\":\"PT1M\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        long taskId = user.json(created).path("id").asLong();
        HttpResponse<String> patched = user.todoApi("PATCH", "/api/" + user.userId + "/tasks/" + taskId,
                "application/merge-patch+json", "{\"title\":\"Pay the rent\"}");
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);

        await().atMost(WITHIN).until(() -> notifications(user).stream()
                .anyMatch(n -> n.path("task_id").asLong() == taskId && n.path("status").asText().equals("sent")));
        HttpResponse<String> completed = user.todoApi("PATCH", "/api/" + user.userId + "/tasks/" + taskId
                + "/complete", "application/json", "{\"completed\":true}");
        assertThat(completed.statusCode()).as(completed.body()).isEqualTo(200);
        await().atMost(WITHIN).until(() -> tasks(user).size() == 2);
        return taskId;
    }

    /** A bad request, a forged JWT, no JWT, a wrong Dapr app token; returns the credentials they presented. */
    private static List<String> refusedRequests(LocalStack stack, UserSession user) throws Exception {
        HttpResponse<String> bad = user.todoApi("POST", "/api/" + user.userId + "/tasks", "application/json",
                "{\"title\":\"\"}");
        assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);

        String forged = DemoToken.sign(user.userId, "a secret that is not the run's, 32+ bytes long", Clock.systemUTC());
        HttpResponse<String> forgedCall = UserSession.withToken(user.userId, forged)
                .todoApi("GET", "/api/" + user.userId + "/tasks", null, null);
        assertThat(forgedCall.statusCode()).as(forgedCall.body()).isEqualTo(401);

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(ServiceSpec.NOTIFICATION_SERVICE
                .appUrl() + "/api/" + user.userId + "/notifications")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(401);

        String wrongAppToken = "wrong-" + UUID.randomUUID();
        HttpResponse<String> notFromDapr = http.send(HttpRequest.newBuilder(URI.create(ServiceSpec.TODO_API.appUrl()
                        + "/job/reminder-1")).header("dapr-api-token", wrongAppToken)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(notFromDapr.statusCode()).as(notFromDapr.body()).isEqualTo(401);
        return List.of(forged, wrongAppToken);
    }

    private static void hasCommonFields(ServiceSpec service, JsonNode entry) {
        assertThat(COMMON_FIELDS).as("%s %s", service.appId(), entry)
                .allSatisfy(field -> assertThat(entry.path(field).isTextual()).isTrue());
        assertThat(entry.path("service").asText()).as("%s", entry).isEqualTo(service.appId());
        Instant.parse(entry.path("timestamp").asText());
    }

    private static void noSecretIn(String where, String line, List<String> secrets) {
        for (String secret : secrets) {
            assertThat(line).as("%s holds a secret of the run", where).doesNotContain(secret);
        }
        assertThat(JWT.matcher(line).find()).as("%s holds a JWT: %s", where, line).isFalse();
        assertThat(BEARER.matcher(line).find()).as("%s holds a bearer token: %s", where, line).isFalse();
        assertThat(DB_PASSWORD.matcher(line).find()).as("%s holds the database password: %s", where, line).isFalse();
    }

    private static List<JsonNode> notifications(UserSession user) {
        HttpResponse<String> response = user.notifications("GET", "/api/" + user.userId + "/notifications");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return StreamSupport.stream(user.json(response).spliterator(), false).toList();
    }

    private static List<JsonNode> tasks(UserSession user) {
        HttpResponse<String> response = user.todoApi("GET", "/api/" + user.userId + "/tasks?status=all", null, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return StreamSupport.stream(user.json(response).spliterator(), false).toList();
    }
}
