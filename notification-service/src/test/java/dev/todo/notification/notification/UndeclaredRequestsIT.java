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

    /** Found by Schemathesis (fuzzing): parameter names with control and astral characters, repeated. */
    @Test
    void aQueryOfFuzzedParameterNamesIsNoServerError() throws Exception {
        HttpResponse<String> response = send(request("/api/u1/notifications?" + FUZZED_QUERY).GET());
        assertThat(response.statusCode()).as(response.body()).isIn(200, 400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith(response.statusCode() == 200 ? "application/json" : "application/problem+json"));
    }

    private static final String FUZZED_QUERY = "%CE%A9%E2%89%88%C3%A7%E2%88%9A%E2%88%AB%CB%9C%C2%B5%E2%89%A4%E2%89%A5%C3%B7%C3%A5%C3%9F%E2%88%82%C6%92%C2%A9%CB%99%E2%88%86%CB%9A%C2%AC%E2%80%A6%C3%A6%C5%93%E2%88%91%C2%B4%C2%AE%E2%80%A0%C2%A5%C2%A8%CB%86%C3%B8%CF%80%E2%80%9C%E2%80%98%C2%A1%E2%84%A2%C2%A3%C2%A2%E2%88%9E%C2%A7%C2%B6%E2%80%A2%C2%AA%C2%BA%E2%80%93%E2%89%A0%C2%B8%CB%9B%C3%87%E2%97%8A%C4%B1%CB%9C%C3%82%C2%AF%CB%98%C2%BF%C3%85%C3%8D%C3%8E%C3%8F%CB%9D%C3%93%C3%94%EF%A3%BF%C3%92%C3%9A%C3%86%E2%98%83%C5%92%E2%80%9E%C2%B4%E2%80%B0%CB%87%C3%81%C2%A8%CB%86%C3%98%E2%88%8F%E2%80%9D%E2%80%99%60%E2%81%84%E2%82%AC%E2%80%B9%E2%80%BA%EF%AC%81%EF%AC%82%E2%80%A1%C2%B0%C2%B7%E2%80%9A%E2%80%94%C2%B1=true&%CE%A9%E2%89%88%C3%A7%E2%88%9A%E2%88%AB%CB%9C%C2%B5%E2%89%A4%E2%89%A5%C3%B7%C3%A5%C3%9F%E2%88%82%C6%92%C2%A9%CB%99%E2%88%86%CB%9A%C2%AC%E2%80%A6%C3%A6%C5%93%E2%88%91%C2%B4%C2%AE%E2%80%A0%C2%A5%C2%A8%CB%86%C3%B8%CF%80%E2%80%9C%E2%80%98%C2%A1%E2%84%A2%C2%A3%C2%A2%E2%88%9E%C2%A7%C2%B6%E2%80%A2%C2%AA%C2%BA%E2%80%93%E2%89%A0%C2%B8%CB%9B%C3%87%E2%97%8A%C4%B1%CB%9C%C3%82%C2%AF%CB%98%C2%BF%C3%85%C3%8D%C3%8E%C3%8F%CB%9D%C3%93%C3%94%EF%A3%BF%C3%92%C3%9A%C3%86%E2%98%83%C5%92%E2%80%9E%C2%B4%E2%80%B0%CB%87%C3%81%C2%A8%CB%86%C3%98%E2%88%8F%E2%80%9D%E2%80%99%60%E2%81%84%E2%82%AC%E2%80%B9%E2%80%BA%EF%AC%81%EF%AC%82%E2%80%A1%C2%B0%C2%B7%E2%80%9A%E2%80%94%C2%B1=true&%CE%A9%E2%89%88%C3%A7%E2%88%9A%E2%88%AB%CB%9C%C2%B5%E2%89%A4%E2%89%A5%C3%B7%C3%A5%C3%9F%E2%88%82%C6%92%C2%A9%CB%99%E2%88%86%CB%9A%C2%AC%E2%80%A6%C3%A6%C5%93%E2%88%91%C2%B4%C2%AE%E2%80%A0%C2%A5%C2%A8%CB%86%C3%B8%CF%80%E2%80%9C%E2%80%98%C2%A1%E2%84%A2%C2%A3%C2%A2%E2%88%9E%C2%A7%C2%B6%E2%80%A2%C2%AA%C2%BA%E2%80%93%E2%89%A0%C2%B8%CB%9B%C3%87%E2%97%8A%C4%B1%CB%9C%C3%82%C2%AF%CB%98%C2%BF%C3%85%C3%8D%C3%8E%C3%8F%CB%9D%C3%93%C3%94%EF%A3%BF%C3%92%C3%9A%C3%86%E2%98%83%C5%92%E2%80%9E%C2%B4%E2%80%B0%CB%87%C3%81%C2%A8%CB%86%C3%98%E2%88%8F%E2%80%9D%E2%80%99%60%E2%81%84%E2%82%AC%E2%80%B9%E2%80%BA%EF%AC%81%EF%AC%82%E2%80%A1%C2%B0%C2%B7%E2%80%9A%E2%80%94%C2%B1=7.354367472406585e-45&%27v%C2%83%F0%A6%AD%81%C3%82d%C3%B6o=-1.058852319729018e%2B16&-%F1%BC%AC%90%F1%9F%8E%AC%C3%B6=&-%F1%BC%AC%90%F1%9F%8E%AC%C3%B6=%5B%27%5Cx12%F0%A6%A7%8B%C3%AB8%5Cx81%C2%A2%C3%B1%27%2C+%27true%27%5D&-%F1%BC%AC%90%F1%9F%8E%AC%C3%B6=false&=&page=115&%C3%8F%C3%8D%C3%A2k%F1%86%A9%80%C3%B1s5%3A%F1%97%B4%A2%F0%B4%8C%B9%16m%C2%8A%F1%83%BE%85%5E=S%04%C3%AB%C2%A0%3D%3E&%C3%8F%C3%8D%C3%A2k%F1%86%A9%80%C3%B1s5%3A%F1%97%B4%A2%F0%B4%8C%B9%16m%C2%8A%F1%83%BE%85%5E=.%F1%97%9A%8F%C3%A6lfxY%1C&%C3%8F%C3%8D%C3%A2k%F1%86%A9%80%C3%B1s5%3A%F1%97%B4%A2%F0%B4%8C%B9%16m%C2%8A%F1%83%BE%85%5E=S%04%C3%AB%C2%A0%3D%3E&%C3%8F%C3%8D%C3%A2k%F1%86%A9%80%C3%B1s5%3A%F1%97%B4%A2%F0%B4%8C%B9%16m%C2%8A%F1%83%BE%85%5E=.%F1%97%9A%8F%C3%A6lfxY%1C";

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + TestJwts.token("u1"));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
