package dev.todo.notification.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todo.notification.support.NotificationIT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue 13: the OpenAPI document a frontend generates its client from lists the public API only — not the
 * Dapr SDK's actor routes, {@code /dapr/*}, the health route or the subscription routes the sidecar calls.
 */
@NotificationIT
class PublicApiDocumentIT {

    @LocalServerPort
    int port;
    @Autowired
    ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

    @Test
    void theDocumentListsOnlyPublicRoutesAndSwaggerUiStillWorks() throws Exception {
        HttpResponse<String> docs = get("/v3/api-docs");
        assertThat(docs.statusCode()).isEqualTo(200);
        List<String> paths = new ArrayList<>();
        JsonNode document = json.readTree(docs.body());
        document.path("paths").fieldNames().forEachRemaining(paths::add);

        assertThat(paths).isNotEmpty().allSatisfy(path -> assertThat(path).startsWith("/api/"));
        assertThat(paths).anySatisfy(path -> assertThat(path).endsWith("/notifications"));
        assertThat(docs.body()).doesNotContain("/actors/", "/dapr/", "/events/", "/healthz");

        HttpResponse<String> ui = get("/swagger-ui.html");
        assertThat(ui.statusCode()).isEqualTo(200);
        assertThat(ui.body()).contains("swagger-ui");
    }

    @Test
    void theDocumentStatesTheNotificationContract() throws Exception {
        JsonNode document = json.readTree(get("/v3/api-docs").body());
        JsonNode notification = document.at("/components/schemas/Notification");
        List<String> required = new ArrayList<>();
        notification.path("required").forEach(name -> required.add(name.asText()));
        assertThat(required).contains("id", "title", "due_at", "read_at", "delivered_at", "status")
                .doesNotContain("event_id");
        for (String nullable : List.of("due_at", "read_at", "delivered_at")) {
            assertThat(notification.path("properties").path(nullable).path("nullable").asBoolean()).as(nullable).isTrue();
        }
        assertThat(notification.path("properties").path("remind_at").path("nullable").asBoolean()).isFalse();
        assertThat(notification.path("properties").path("status").path("enum").toString())
                .isEqualTo("[\"pending\",\"sent\",\"failed\"]");

        JsonNode paths = document.path("paths");
        String user = paths.has("/api/{user_id}/notifications") ? "/api/{user_id}" : "/api/{userId}";
        JsonNode list = paths.path(user + "/notifications").path("get").path("responses");
        assertThat(list.path("200").path("headers").has("X-Total-Count")).isTrue();
        assertThat(list.path("200").path("headers").has("Link")).isTrue();
        assertThat(list.path("401").path("content").path("application/problem+json").path("schema")
                .path("$ref").asText()).isEqualTo("#/components/schemas/Problem");
        JsonNode readAll = paths.path(user + "/notifications/read-all").path("post").path("responses");
        assertThat(readAll.has("204")).isTrue();
        assertThat(readAll.has("200")).isFalse();
        assertThat(paths.path(user + "/notifications/{id}/read").path("patch").path("responses").has("404")).isTrue();
        JsonNode stream = paths.path(user + "/stream").path("get").path("responses");
        assertThat(stream.path("429").path("headers").has("Retry-After")).isTrue();
        assertThat(stream.path("200").path("content").path("text/event-stream").path("schema").path("type").asText())
                .isEqualTo("string");
        assertThat(document.path("components").path("schemas").has("SseEmitter")).isFalse();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
