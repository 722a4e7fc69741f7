package dev.todo.localcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import dev.todo.common.test.SseStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
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
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SPEC §8 acceptance 2, 3, 4 and 6 through the front door only: https://todo.local (Traefik's Gateway API
 * listener, TLS with the cluster's CA and host name verification), a user's own HS256 token, Kafka read by Kafka's
 * console consumer inside the broker's pod.
 */
@ExtendWith(ClusterDiagnostics.class)
class FrontDoorAcceptanceIT {

    static final ResourceDefinitionContext HTTP_ROUTES = new ResourceDefinitionContext.Builder()
            .withGroup("gateway.networking.k8s.io").withVersion("v1").withKind("HTTPRoute").withPlural("httproutes")
            .withNamespaced(true).build();
    static final Duration EVENT_WITHIN = Duration.ofMinutes(2);
    static final Duration REMINDER_WITHIN = Duration.ofMinutes(2);
    static final Duration OCCURRENCE_WITHIN = Duration.ofMinutes(2);
    /** How long "exactly one" has to stay exactly one. */
    static final Duration STAYS = Duration.ofSeconds(10);
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static ClusterState state;
    private static FrontDoor door;
    private static Cluster cluster;

    @BeforeAll
    static void open() {
        state = ClusterState.current();
        door = FrontDoor.of(state);
        cluster = Cluster.connect(state);
    }

    @AfterAll
    static void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theFrontDoorIsAnHttpRouteAcceptedByItsGateway() {
        List<JsonNode> routes = routesFor(state.host());
        List<JsonNode> serving = routes.stream().filter(r -> r.path("spec").path("rules").findValue("backendRefs") != null)
                .toList();
        assertThat(serving).as("an HTTPRoute for %s with backends in namespace %s: %s", state.host(), state.namespace(),
                routes).isNotEmpty();
        await("the HTTPRoutes for " + state.host() + " accepted by their Gateway").atMost(Duration.ofMinutes(1))
                .untilAsserted(() -> {
                    for (JsonNode route : routesFor(state.host())) {
                        JsonNode parents = route.path("status").path("parents");
                        assertThat(parents.size()).as("HTTPRoute %s has a parent status: %s",
                                route.path("metadata").path("name").asText(), route.path("status")).isPositive();
                        for (JsonNode parent : parents) {
                            assertThat(condition(parent, "Accepted")).as("HTTPRoute %s Accepted by %s",
                                    route.path("metadata").path("name").asText(), parent.path("parentRef")).isEqualTo("True");
                            assertThat(condition(parent, "ResolvedRefs")).as("HTTPRoute %s ResolvedRefs on %s",
                                    route.path("metadata").path("name").asText(), parent.path("parentRef")).isEqualTo("True");
                        }
                    }
                });
    }

    @Test
    void theApiRefusesARequestWithoutAToken() {
        String user = "anonymous-" + UUID.randomUUID();
        HttpResponse<String> tasks = door.send("GET", "/api/" + user + "/tasks", null, null, null);
        assertThat(tasks.statusCode()).as("todo-api without a token: %s", tasks.body()).isEqualTo(401);
        assertThat(tasks.headers().firstValue("Content-Type")).as("todo-api 401 body type")
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));

        HttpResponse<String> notifications = door.send("GET", "/api/" + user + "/notifications", null, null, null);
        assertThat(notifications.statusCode()).as("notification-service without a token: %s", notifications.body())
                .isEqualTo(401);
    }

    @Test
    void aCreatedTaskPutsOneCreatedEventKeyedByItsIdOnTaskEvents() {
        FrontDoorUser user = FrontDoorUser.fresh(door, "cluster-e2e");
        String title = "Buy milk " + UUID.randomUUID();
        JsonNode task = user.createTask("{\"title\":\"" + title + "\",\"priority\":\"high\",\"tags\":[\"home\"]}");
        long taskId = task.path("id").asLong();
        assertThat(taskId).as("created task id: %s", task).isPositive();

        List<KafkaTopic.Record> created = new ArrayList<>();
        await("todo-api's created event for task " + taskId + " on task-events").atMost(EVENT_WITHIN)
                .pollInterval(Duration.ofSeconds(5)).until(() -> {
                    created.clear();
                    created.addAll(KafkaTopic.createdEvents(KafkaTopic.readAll(cluster, "task-events"), user.userId)
                            .getOrDefault(taskId, List.of()));
                    return !created.isEmpty();
                });
        assertThat(created).as("created events of task %d", taskId).hasSize(1);
        KafkaTopic.Record record = created.get(0);
        assertThat(record.key()).as("Kafka key = task id (SPEC §3)").isEqualTo(String.valueOf(taskId));
        assertThat(record.cloudEvent().path("specversion").asText()).isEqualTo("1.0");
        assertThat(record.cloudEvent().path("topic").asText()).isEqualTo("task-events");
        JsonNode event = record.event();
        assertThat(event.path("schema_version").asInt()).isEqualTo(1);
        assertThat(UUID.fromString(event.path("event_id").asText())).isNotNull();
        assertThat(event.path("task_data").path("title").asText()).isEqualTo(title);
        assertThat(event.path("task_data").path("priority").asText()).isEqualTo("high");
    }

    @Test
    void aReminderAFewSecondsAheadBecomesExactlyOneNotificationListedAndPushedOnTheStream() throws Exception {
        FrontDoorUser user = FrontDoorUser.fresh(door, "cluster-e2e");
        try (SseStream stream = user.openStream()) {
            await("the notification stream through the front door").atMost(Duration.ofSeconds(30))
                    .until(() -> stream.status() != 0);
            assertThat(stream.status()).as("GET /api/{user}/stream?ticket= (a ticket from POST /stream-tickets)").isEqualTo(200);

            Instant due = Instant.now().plusSeconds(30).truncatedTo(ChronoUnit.SECONDS);
            JsonNode task = user.createTask("{\"title\":\"Call the plumber\",\"due_at\":\"" + due
                    + "\",\"reminder_offset\":\"PT20S\"}");
            long taskId = task.path("id").asLong();
            assertThat(Instant.parse(task.path("remind_at").asText())).isEqualTo(due.minusSeconds(20));

            await("a notification for task " + taskId + " (job fired by the Scheduler, reminders topic, "
                    + "notification-service)").atMost(REMINDER_WITHIN).pollInterval(Duration.ofSeconds(2))
                    .until(() -> !user.notificationsFor(taskId).isEmpty());
            await("still exactly one notification for task " + taskId).during(STAYS).atMost(STAYS.plusSeconds(20))
                    .untilAsserted(() -> assertThat(user.notificationsFor(taskId)).hasSize(1));
            JsonNode notification = user.notificationsFor(taskId).get(0);
            assertThat(notification.path("title").asText()).isEqualTo("Call the plumber");
            assertThat(notification.path("remind_at").asText()).isEqualTo(task.path("remind_at").asText());

            await("the notification pushed on the stream").atMost(Duration.ofSeconds(30))
                    .until(() -> stream.events("notification").stream().anyMatch(e -> taskIdOf(e) == taskId));
            List<SseStream.Event> pushed = stream.events("notification").stream().filter(e -> taskIdOf(e) == taskId).toList();
            assertThat(pushed).as("notification events for task %d on the stream", taskId).hasSize(1);
            assertThat(JSON.readTree(pushed.get(0).data()).path("id").asLong()).isEqualTo(notification.path("id").asLong());
        }
    }

    @Test
    void completingARecurringTaskCreatesExactlyOneNextOccurrenceWithTheRightDueDate() {
        FrontDoorUser user = FrontDoorUser.fresh(door, "cluster-e2e");
        ZonedDateTime due = ZonedDateTime.of(LocalDate.now(BERLIN).plusDays(2).with(TemporalAdjusters.next(DayOfWeek.MONDAY)),
                LocalTime.of(9, 0), BERLIN);
        JsonNode first = user.createTask("{\"title\":\"Team meeting\",\"due_at\":\"" + due.toInstant()
                + "\",\"time_zone\":\"Europe/Berlin\",\"recurrence_pattern\":\"weekly\"}");
        long firstId = first.path("id").asLong();
        assertThat(first.path("occurrence").asInt()).isEqualTo(1);

        user.complete(firstId, true);

        await("recurring-service's next occurrence of task " + firstId).atMost(OCCURRENCE_WITHIN)
                .pollInterval(Duration.ofSeconds(2)).until(() -> user.tasks().size() >= 2);
        await("still exactly one next occurrence").during(STAYS).atMost(STAYS.plusSeconds(20))
                .untilAsserted(() -> assertThat(user.tasks()).as("the user's tasks").hasSize(2));
        JsonNode next = user.tasks().stream().filter(t -> t.path("id").asLong() != firstId).findFirst().orElseThrow();
        assertThat(next.path("occurrence").asInt()).isEqualTo(2);
        assertThat(next.path("series_id").asText()).isEqualTo(first.path("series_id").asText());
        assertThat(next.path("completed").asBoolean()).isFalse();
        ZonedDateTime nextDue = Instant.parse(next.path("due_at").asText()).atZone(BERLIN);
        assertThat(nextDue.toLocalDate()).as("weekly: one week later").isEqualTo(due.toLocalDate().plusWeeks(1));
        assertThat(nextDue.toLocalTime()).as("the same wall-clock time in Berlin").isEqualTo(LocalTime.of(9, 0));
    }

    /**
     * TLS ends at the Gateway, so the services see plain HTTP; the links they hand out must still be the address the
     * client used, or a client that follows them leaves https (or, with a redirect route, fails on a POST).
     */
    @Test
    void locationAndPageLinksNameTheHttpsAddressTheClientUsed() {
        FrontDoorUser user = FrontDoorUser.fresh(door, "cluster-links");
        String tasks = door.uri("/api/" + user.userId + "/tasks").toString();
        HttpResponse<String> created = user.call("POST", "/tasks", "application/json", "{\"title\":\"first\"}");
        assertThat(created.statusCode()).as("POST %s: %s", tasks, created.body()).isEqualTo(201);
        long id = FrontDoorUser.read(created).path("id").asLong();
        assertThat(created.headers().firstValue("Location")).as("Location of task %d", id)
                .hasValue(tasks + "/" + id);
        user.createTask("{\"title\":\"second\"}");

        HttpResponse<String> page = user.call("GET", "/tasks?size=1", null, null);
        assertThat(page.statusCode()).as("GET %s?size=1: %s", tasks, page.body()).isEqualTo(200);
        assertThat(page.headers().firstValue("Link")).as("Link of GET %s?size=1", tasks)
                .hasValueSatisfying(link -> assertThat(link.split(", "))
                        .allSatisfy(each -> assertThat(each).startsWith("<" + tasks + "?"))
                        .anySatisfy(each -> assertThat(each).contains("page=1").endsWith("rel=\"next\"")));
    }

    @Test
    void plainHttpRedirectsToHttps() throws Exception {
        boolean rendered = routesFor(state.host()).stream().anyMatch(r -> r.path("spec").path("rules")
                .findValues("requestRedirect").stream().anyMatch(rr -> "https".equals(rr.path("scheme").asText())));
        assertThat(rendered).as("the release renders an HTTP-to-HTTPS RequestRedirect route for %s", state.host()).isTrue();

        String path = "/api/someone/tasks?status=all";
        URI plain = URI.create("http://" + state.host() + (state.httpPort() == 80 ? "" : ":" + state.httpPort()) + path);
        HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build()
                .send(HttpRequest.newBuilder(plain).timeout(Duration.ofSeconds(15)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s", plain).isIn(301, 302, 307, 308);
        assertThat(response.headers().firstValue("Location")).as("redirect target of %s", plain)
                .hasValueSatisfying(l -> assertThat(l).startsWith("https://" + state.host()).endsWith(path));
    }

    private static List<JsonNode> routesFor(String host) {
        return cluster.client.genericKubernetesResources(HTTP_ROUTES).inNamespace(state.namespace()).list().getItems()
                .stream().map(r -> (JsonNode) JSON.valueToTree(r))
                .filter(r -> r.path("spec").path("hostnames").toString().contains("\"" + host + "\""))
                .toList();
    }

    private static String condition(JsonNode parentStatus, String type) {
        for (JsonNode c : parentStatus.path("conditions")) {
            if (type.equals(c.path("type").asText())) {
                return c.path("status").asText();
            }
        }
        return "absent";
    }

    private static long taskIdOf(SseStream.Event event) {
        try {
            return JSON.readTree(event.data()).path("task_id").asLong();
        } catch (Exception e) {
            return -1;
        }
    }
}
