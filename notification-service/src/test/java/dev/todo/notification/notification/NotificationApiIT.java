package dev.todo.notification.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todo.common.test.TestJwts;
import dev.todo.notification.support.DaprCalls;
import dev.todo.notification.support.NotificationIT;
import dev.todo.notification.support.Reminders;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** SPEC §2 Notifications over HTTP, with notifications created the real way (reminder events). */
@NotificationIT
class NotificationApiIT {

    @LocalServerPort
    int port;
    @Autowired
    ObjectMapper json;
    private final HttpClient http = HttpClient.newHttpClient();
    private String user;
    private final List<Long> tasks = new ArrayList<>();

    @BeforeEach
    void threeReminders() throws Exception {
        user = Reminders.newUserId();
        DaprCalls dapr = new DaprCalls(port, NotificationIT.APP_TOKEN, json);
        for (int i = 0; i < 3; i++) {
            long task = Reminders.newTaskId();
            tasks.add(task);
            dapr.deliver("/events/reminders", "reminders",
                    Reminders.reminder(task, user, Instant.parse("2026-03-02T09:00:00Z").plusSeconds(i)));
        }
    }

    @Test
    void listsNewestFirstWithPagingHeadersAndAllFields() throws Exception {
        HttpResponse<String> page0 = call("GET", "/api/" + user + "/notifications?size=2", user);
        HttpResponse<String> page1 = call("GET", "/api/" + user + "/notifications?size=2&page=1", user);

        assertThat(page0.statusCode()).isEqualTo(200);
        assertThat(page0.headers().firstValue("X-Total-Count")).contains("3");
        assertThat(page0.headers().firstValue("Link")).hasValueSatisfying(link -> assertThat(link)
                .contains("rel=\"next\"", "rel=\"last\"", "page=1"));
        JsonNode first = json.readTree(page0.body());
        assertThat(first).hasSize(2);
        assertThat(first.get(0).path("task_id").asLong()).isEqualTo(tasks.get(2));
        assertThat(first.get(1).path("task_id").asLong()).isEqualTo(tasks.get(1));
        assertThat(json.readTree(page1.body()).get(0).path("task_id").asLong()).isEqualTo(tasks.get(0));
        JsonNode one = first.get(0);
        assertThat(one.fieldNames()).toIterable().containsExactlyInAnyOrder("id", "user_id", "task_id", "title",
                "due_at", "remind_at", "channel", "status", "attempts", "created_at", "delivered_at", "read_at");
        assertThat(one.path("user_id").asText()).isEqualTo(user);
        assertThat(one.path("channel").asText()).isEqualTo("log");
        assertThat(one.path("remind_at").asText()).isEqualTo("2026-03-02T09:00:02Z");
    }

    @Test
    void marksOneAndThenAllRead() throws Exception {
        JsonNode all = json.readTree(call("GET", "/api/" + user + "/notifications", user).body());
        long id = all.get(0).path("id").asLong();

        HttpResponse<String> read = call("PATCH", "/api/" + user + "/notifications/" + id + "/read", user);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(json.readTree(read.body()).path("read_at").isTextual()).isTrue();
        HttpResponse<String> unread = call("GET", "/api/" + user + "/notifications?unread=true", user);
        assertThat(unread.headers().firstValue("X-Total-Count")).contains("2");
        assertThat(json.readTree(unread.body())).extracting(n -> n.path("id").asLong()).doesNotContain(id);

        assertThat(call("POST", "/api/" + user + "/notifications/read-all", user).statusCode()).isEqualTo(204);
        assertThat(call("GET", "/api/" + user + "/notifications?unread=true", user)
                .headers().firstValue("X-Total-Count")).contains("0");
    }

    @Test
    void anotherUsersNotificationIsNotFoundAndAnotherUsersPathIsForbidden() throws Exception {
        long id = json.readTree(call("GET", "/api/" + user + "/notifications", user).body()).get(0)
                .path("id").asLong();
        String intruder = Reminders.newUserId();

        HttpResponse<String> notFound = call("PATCH", "/api/" + intruder + "/notifications/" + id + "/read", intruder);
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(notFound.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(call("GET", "/api/" + user + "/notifications", intruder).statusCode()).isEqualTo(403);
        assertThat(call("GET", "/api/" + user + "/notifications", null).statusCode()).isEqualTo(401);
    }

    @Test
    void badQueryParametersAre400ProblemJson() throws Exception {
        for (String query : List.of("size=0", "size=201", "page=-1", "unread=maybe", "page=x")) {
            HttpResponse<String> response = call("GET", "/api/" + user + "/notifications?" + query, user);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).as(query).hasValueSatisfying(
                    t -> assertThat(t).startsWith("application/problem+json"));
        }
        assertThat(call("PATCH", "/api/" + user + "/notifications/abc/read", user).statusCode()).isEqualTo(400);
    }

    private HttpResponse<String> call(String method, String path, String asUser) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (asUser != null) {
            request.header("Authorization", "Bearer " + TestJwts.token(asUser));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
