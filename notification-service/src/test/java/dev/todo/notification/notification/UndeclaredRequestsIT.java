package dev.todo.notification.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.todo.common.test.TestJwts;
import dev.todo.notification.support.NotificationIT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Requests the document does not declare still answer 4xx problem+json through the real server (Tomcat),
 * as Schemathesis checks (issue 13): TRACE or any other method no route takes is a 405 with Allow, and a
 * multipart Content-Type without a boundary is a 400, not a 500.
 */
@NotificationIT
class UndeclaredRequestsIT {

    @LocalServerPort
    int port;
    private final HttpClient http = HttpClient.newHttpClient();

    @ParameterizedTest
    @ValueSource(strings = {"TRACE", "QUERY", "PROPFIND"})
    void anUndeclaredMethodIsMethodNotAllowed(String method) throws Exception {
        HttpResponse<String> response = send(request("/api/u1/notifications").method(method,
                HttpRequest.BodyPublishers.ofString("{\"echo\":\"me\"}")));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValueSatisfying(allow -> assertThat(allow).contains("GET"));
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        // TRACE must never echo the request (its token)
        assertThat(response.body()).doesNotContain("Bearer", "echo");
    }

    @Test
    void multipartWithoutBoundaryIsBadRequest() throws Exception {
        HttpResponse<String> response = send(request("/api/u1/notifications")
                .header("Content-Type", "multipart/form-data").GET());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + TestJwts.token("u1"));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
