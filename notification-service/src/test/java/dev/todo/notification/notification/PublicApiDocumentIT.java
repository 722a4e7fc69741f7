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

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
