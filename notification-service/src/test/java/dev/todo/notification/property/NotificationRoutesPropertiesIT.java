package dev.todo.notification.property;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.todo.common.test.DaprCloudEvents;
import dev.todo.common.test.SharedPostgres;
import dev.todo.common.test.TestJwts;
import dev.todo.notification.NotificationServiceApplication;
import dev.todo.notification.support.DaprCalls;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * SPEC §2/§3 on every notification-service route with generated input, through the real HTTP port and a real
 * PostgreSQL: subscriptions answer Dapr SUCCESS or DROP (never a 5xx), store one notification per reminder and
 * nothing for a poison message; the REST routes answer 2xx or a problem+json 4xx exactly as their rules say.
 */
class NotificationRoutesPropertiesIT {

    private static final int TRIES = 200;
    private static final String APP_TOKEN = "property-app-token";
    private static final String CLOUD_EVENTS = "application/cloudevents+json";
    private static final AtomicLong TASK_IDS = new AtomicLong(System.nanoTime() % 1_000_000_000L);

    private static ConfigurableApplicationContext context;
    private static JdbcClient jdbc;
    private static int port;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeContainer
    static void start() {
        String url = SharedPostgres.jdbcUrl("notification_props");
        context = new SpringApplicationBuilder(NotificationServiceApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + SharedPostgres.username(),
                "--spring.datasource.password=" + SharedPostgres.password(),
                "--todo.security.jwt-secret=" + TestJwts.SECRET,
                "--todo.security.app-api-token=" + APP_TOKEN,
                "--todo.dapr.sidecar-health-enabled=false",
                "--notification.email.enabled=false",
                "--spring.main.banner-mode=off");
        jdbc = JdbcClient.create(context.getBean(DataSource.class));
        port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
    }

    @AfterContainer
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    // ---- subscriptions (called by daprd)

    @Property(tries = TRIES)
    void aValidReminderIsStoredOnceHoweverOftenItIsDelivered(@ForAll("reminders") ObjectNode reminder,
            @ForAll("deliveries") int deliveries) {
        long task = reminder.get("task_id").asLong();
        for (int i = 0; i < deliveries; i++) {
            // a redelivery may even carry a new CloudEvent id: the reminder itself is the identity
            HttpResponse<String> answer = post("/events/reminders", envelope("reminders", reminder), APP_TOKEN);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(daprStatus(answer)).isEqualTo("SUCCESS");
        }
        assertThat(count("notifications where task_id = " + task)).isOne();
        JsonNode stored = jdbc.sql("select user_id, title from notifications where task_id = :t").param("t", task)
                .query((rs, n) -> JSON.createObjectNode().put("user_id", rs.getString(1)).put("title", rs.getString(2)))
                .single();
        assertThat(stored.get("user_id").asText()).isEqualTo(reminder.get("user_id").asText());
        assertThat(stored.get("title").asText()).isEqualTo(reminder.get("title").asText());
    }

    @Property(tries = TRIES)
    void anyMessageOnASubscriptionIsSuccessOrDropNeverA5xx(@ForAll("subscriptionBodies") String body,
            @ForAll("subscriptionRoutes") String route) {
        long notificationsBefore = count("notifications");
        long streamBefore = count("stream_events");

        boolean bulk = DaprCalls.BULK_ROUTES.contains(route);
        HttpResponse<String> answer = post(route, bulk ? bulkOf(route, body) : body, APP_TOKEN);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        String status = bulk ? bulkStatus(answer) : daprStatus(answer);
        assertThat(status).isIn("SUCCESS", "DROP");
        if (status.equals("DROP")) {
            assertThat(count("notifications")).isEqualTo(notificationsBefore);
            assertThat(count("stream_events")).isEqualTo(streamBefore);
        }
    }

    @Property(tries = TRIES)
    void aSubscriptionCallWithoutTheAppTokenIsA401AndStoresNothing(@ForAll("reminders") ObjectNode reminder,
            @ForAll("badTokens") String token) {
        long before = count("notifications");

        HttpResponse<String> answer = post("/events/reminders", envelope("reminders", reminder), token);

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(count("notifications")).isEqualTo(before);
    }

    // ---- REST

    @Property(tries = TRIES)
    void listParametersAreAnsweredWith200OrA400Problem(@ForAll("unreads") String unread,
            @ForAll("pages") String page, @ForAll("sizes") String size) {
        String user = "prop-" + UUID.randomUUID();
        HttpResponse<String> answer = send(get(user, "/api/" + user + "/notifications?unread=" + enc(unread)
                + "&page=" + enc(page) + "&size=" + enc(size)));

        boolean valid = (unread.equals("true") || unread.equals("false"))
                && isIntIn(page, 0, Integer.MAX_VALUE) && isIntIn(size, 1, 200);
        if (valid) {
            assertThat(answer.statusCode()).as(unread + "/" + page + "/" + size + " -> " + answer.body()).isEqualTo(200);
            assertThat(readTree(answer.body()).isArray()).isTrue();
        } else {
            assertProblem(answer, 400);
        }
    }

    @Property(tries = TRIES)
    void markingAnotherUsersOrAnUnknownNotificationIsA4xxProblemAndChangesNothing(@ForAll("ids") String id) {
        String stranger = "prop-stranger-" + UUID.randomUUID();
        String before = fingerprint();

        HttpResponse<String> answer = send(authorized(stranger, "/api/" + stranger + "/notifications/" + id + "/read")
                .method("PATCH", HttpRequest.BodyPublishers.noBody()).build());

        assertThat(answer.statusCode()).as(id + " -> " + answer.body()).isIn(400, 404);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(fingerprint()).isEqualTo(before);
    }

    @Property(tries = TRIES)
    void anotherUsersPathIsA403ProblemOnEveryRoute(@ForAll("routes") String route) {
        String owner = "prop-" + UUID.randomUUID();
        String other = "prop-other-" + UUID.randomUUID();
        String before = fingerprint();
        HttpRequest.Builder request = authorized(owner, route.replace("{user}", other));
        HttpRequest built = switch (route.substring(route.lastIndexOf('/') + 1)) {
            case "read" -> request.method("PATCH", HttpRequest.BodyPublishers.noBody()).build();
            case "read-all" -> request.POST(HttpRequest.BodyPublishers.noBody()).build();
            default -> request.GET().build();
        };

        HttpResponse<String> answer = send(built);

        assertProblem(answer, 403);
        assertThat(fingerprint()).isEqualTo(before);
    }

    @Property(tries = TRIES)
    void aStreamResumeIdIsANumberOrA400Problem(@ForAll("lastEventIds") String lastEventId) throws IOException {
        String user = "prop-" + UUID.randomUUID();
        HttpRequest request = authorized(user, "/api/" + user + "/stream").header("Last-Event-ID", lastEventId)
                .GET().build();
        HttpResponse<InputStream> answer;
        try {
            answer = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        try (InputStream body = answer.body()) {
            if (isLong(lastEventId.strip())) {
                assertThat(answer.statusCode()).as(lastEventId).isEqualTo(200);
                assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
            } else {
                assertThat(answer.statusCode()).as(lastEventId).isEqualTo(400);
                assertThat(answer.headers().firstValue("Content-Type").orElse(""))
                        .startsWith("application/problem+json");
            }
        }
    }

    // ---- generators

    @Provide
    Arbitrary<ObjectNode> reminders() {
        Arbitrary<String> title = Arbitraries.strings().withCharRange(' ', '\uD7FF').ofMinLength(1).ofMaxLength(200);
        Arbitrary<Instant> remindAt = Arbitraries.longs()
                .between(Instant.parse("2020-01-01T00:00:00Z").getEpochSecond(),
                        Instant.parse("2040-01-01T00:00:00Z").getEpochSecond())
                .map(Instant::ofEpochSecond);
        Arbitrary<Long> dueAfter = Arbitraries.longs().between(0, 366L * 24 * 3600);
        Arbitrary<String> user = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-_").ofMinLength(1)
                .ofMaxLength(40);
        return Combinators.combine(title, remindAt, dueAfter, user).as((t, at, after, u) -> {
            ObjectNode reminder = JSON.createObjectNode();
            reminder.put("event_id", UUID.randomUUID().toString());
            reminder.put("task_id", TASK_IDS.incrementAndGet());
            reminder.put("title", t);
            reminder.put("due_at", at.plusSeconds(after).toString());
            reminder.put("remind_at", at.toString());
            reminder.put("user_id", u);
            return reminder;
        });
    }

    @Provide
    Arbitrary<Integer> deliveries() {
        return Arbitraries.integers().between(1, 3);
    }

    @Provide
    Arbitrary<String> subscriptionBodies() {
        Arbitrary<String> text = Arbitraries.strings().withCharRange('\u0000', '\uD7FF').ofMaxLength(300);
        Arbitrary<Object> value = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange(' ', '\uD7FF').ofMaxLength(30).map(s -> (Object) s),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.just(null),
                Arbitraries.of("2030-01-01T00:00:00Z", UUID.randomUUID().toString(), "0", "-1").map(s -> (Object) s));
        Arbitrary<String> data = Combinators.combine(
                Arbitraries.of("event_id", "task_id", "title", "due_at", "remind_at", "user_id", "event_type",
                        "task_data", "timestamp", "schema_version").list().ofMaxSize(8),
                value.list().ofMinSize(8).ofMaxSize(8))
                .as((keys, values) -> {
                    ObjectNode node = JSON.createObjectNode();
                    for (int i = 0; i < keys.size(); i++) {
                        node.set(keys.get(i), JSON.valueToTree(values.get(i)));
                    }
                    return envelope("reminders", node);
                });
        return Arbitraries.oneOf(text, data, Arbitraries.of("", "{}", "[]", "null", "{\"specversion\":\"1.0\"}"));
    }

    @Provide
    Arbitrary<String> subscriptionRoutes() {
        return Arbitraries.of("/events/reminders", "/events/task-updates");
    }

    @Provide
    Arbitrary<String> badTokens() {
        return Arbitraries.oneOf(Arbitraries.just((String) null),
                Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(40).filter(t -> !t.equals(APP_TOKEN)));
    }

    @Provide
    Arbitrary<String> unreads() {
        return Arbitraries.of("true", "false", "maybe", "2", "truee", "-");
    }

    @Provide
    Arbitrary<String> pages() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(-10, 1000).map(String::valueOf),
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.of("abc", "1.5", "99999999999", "1e3"));
    }

    @Provide
    Arbitrary<String> sizes() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(-5, 300).map(String::valueOf),
                Arbitraries.of("abc", "2.0", "99999999999"));
    }

    @Provide
    Arbitrary<String> ids() {
        return Arbitraries.oneOf(
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.strings().numeric().ofMinLength(20).ofMaxLength(30),
                Arbitraries.strings().withChars("abcXYZ-_~").ofMinLength(1).ofMaxLength(20));
    }

    @Provide
    Arbitrary<String> routes() {
        return Arbitraries.of("/api/{user}/notifications", "/api/{user}/notifications/1/read",
                "/api/{user}/notifications/read-all", "/api/{user}/stream");
    }

    @Provide
    Arbitrary<String> lastEventIds() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(0, Long.MAX_VALUE).map(String::valueOf),
                Arbitraries.strings().withChars("abcxyz-_.:/ ").ofMinLength(1).ofMaxLength(20)
                        .filter(s -> !s.isBlank()),
                Arbitraries.strings().numeric().ofMinLength(20).ofMaxLength(30));
    }

    // ---- helpers

    private static String envelope(String topic, JsonNode data) {
        ObjectNode event = JSON.createObjectNode();
        event.put("specversion", "1.0");
        event.put("id", UUID.randomUUID().toString());
        event.put("source", "todo-api");
        event.put("type", "com.dapr.event.sent");
        event.put("datacontenttype", "application/json");
        event.set("data", data);
        event.put("pubsubname", "kafka-pubsub");
        event.put("topic", topic);
        return event.toString();
    }

    private static HttpResponse<String> post(String route, String body, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(route)).header("Content-Type", CLOUD_EVENTS)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("dapr-api-token", token);
        }
        return send(request.build());
    }

    private static HttpRequest get(String user, String path) {
        return authorized(user, path).GET().build();
    }

    private static HttpRequest.Builder authorized(String user, String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + TestJwts.token(user));
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode readTree(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + body, e);
        }
    }

    /** A bulk route gets the body as daprd would deliver it: the one entry of a batch. */
    private static String bulkOf(String route, String body) {
        try {
            return DaprCloudEvents.bulk(JSON, route.substring(route.lastIndexOf('/') + 1), List.of(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String bulkStatus(HttpResponse<String> answer) {
        try {
            return DaprCloudEvents.bulkStatuses(JSON, answer.body()).get("0");
        } catch (Exception e) {
            throw new IllegalStateException("not a Dapr bulk answer: " + answer.body(), e);
        }
    }

    private static String daprStatus(HttpResponse<String> answer) {
        try {
            return JSON.readTree(answer.body()).path("status").asText();
        } catch (IOException e) {
            throw new IllegalStateException("not a Dapr answer: " + answer.body(), e);
        }
    }

    private static void assertProblem(HttpResponse<String> answer, int status) {
        assertThat(answer.statusCode()).as(answer.uri() + " -> " + answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }

    private static long count(String fromWhere) {
        return jdbc.sql("select count(*) from " + fromWhere).query(Long.class).single();
    }

    /** Who read what: the only columns the REST routes write (delivery updates status in the background). */
    private static String fingerprint() {
        return jdbc.sql("select coalesce(md5(string_agg(n.id || ':' || n.user_id || ':' || coalesce(n.read_at::text, '-'),"
                        + " '|' order by n.id)), '') from notifications n")
                .query(String.class).single();
    }

    private static boolean isIntIn(String value, int min, int max) {
        try {
            int n = Integer.parseInt(value);
            return n >= min && n <= max;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isLong(String value) {
        try {
            Long.parseLong(value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
