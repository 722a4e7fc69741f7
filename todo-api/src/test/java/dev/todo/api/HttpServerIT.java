package dev.todo.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.todo.api.support.ApiIntegrationTest;
import dev.todo.api.support.ItClock;
import dev.todo.common.test.EmbeddedPostgresInitializer;
import dev.todo.common.test.TestJwts;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;

/**
 * What only a real HTTP server shows: a chunked body without Content-Length is cut off at 64 KiB, and CORS
 * answers browsers from the configured origin only.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "todo.test.database=todo_api_it",
        "todo.security.jwt-secret=" + TestJwts.SECRET,
        "todo.security.app-api-token=" + ApiIntegrationTest.APP_TOKEN,
        "todo.security.cors-allowed-origins=https://app.example.com",
        "todo.dapr.sidecar-health-enabled=false",
        // no sidecar in these tests: events stay in the outbox, where the tests look for them
        "todo.outbox.relay.enabled=false"})
@ContextConfiguration(initializers = EmbeddedPostgresInitializer.class)
@Import(ItClock.class)
class HttpServerIT {

    private static final String USER = "http-user";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    private final HttpClient http = HttpClient.newHttpClient();

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private long tasks() {
        return jdbc.sql("select count(*) from tasks").query(Long.class).single();
    }

    @Test
    void aChunkedBodyOver64KiBIsRefusedWith413BeforeItIsStored() throws Exception {
        byte[] body = ("{\"title\":\"a\",\"description\":\"" + "d".repeat(100_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        long before = tasks();
        HttpRequest request = HttpRequest.newBuilder(uri("/api/" + USER + "/tasks"))
                .header("Authorization", "Bearer " + TestJwts.token(USER))
                .header("Content-Type", "application/json")
                // an InputStream publisher has no known length: the body goes out chunked
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();

        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"status\":413");
        assertThat(tasks()).isEqualTo(before);
    }

    @Test
    void aDeclaredLengthOver64KiBIsRefusedWith413() throws Exception {
        String body = "{\"title\":\"" + "t".repeat(70_000) + "\"}";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/" + USER + "/tasks"))
                .header("Authorization", "Bearer " + TestJwts.token(USER))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("\"status\":413");
    }

    @Test
    void aBodyJustUnderTheLimitIsAccepted() throws Exception {
        String body = "{\"title\":\"a\",\"description\":\"" + "d".repeat(4000) + "\",\"tags\":[\"" + "x".repeat(30) + "\"]}";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/" + USER + "/tasks"))
                .header("Authorization", "Bearer " + TestJwts.token(USER))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).startsWith("http://127.0.0.1:" + port + "/api/" + USER + "/tasks/"));
    }

    @Test
    void corsAnswersTheConfiguredOriginOnly() throws Exception {
        HttpResponse<String> allowed = http.send(preflight("https://app.example.com"), HttpResponse.BodyHandlers.ofString());
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).contains("https://app.example.com");
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase())
                .contains("authorization").contains("if-match");

        HttpResponse<String> refused = http.send(preflight("https://evil.example.net"), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void aBrowserOnTheAllowedOriginMayReadThePagingCachingAndRetryHeaders() throws Exception {
        HttpResponse<String> list = http.send(HttpRequest.newBuilder(uri("/api/" + USER + "/tasks"))
                .header("Origin", "https://app.example.com").header("Authorization", "Bearer " + TestJwts.token(USER))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.headers().firstValue("Access-Control-Expose-Headers").orElse("").toLowerCase())
                .contains("etag", "location", "link", "x-total-count", "retry-after");
    }

    @Test
    void urlsTheFirewallRejectsAreAnsweredAsProblemJsonToo() throws Exception {
        for (String path : new String[] {"/job/.", "/api/" + USER + "/tasks/%2e/1", "/api/" + USER + "/tasks/a;b=c"}) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(path))
                    .header("Authorization", "Bearer " + TestJwts.token(USER)).header("Accept", "text/html")
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(response.body()).contains("\"status\":400").doesNotContain("Exception");
        }
    }

    private HttpRequest preflight(String origin) {
        return HttpRequest.newBuilder(uri("/api/" + USER + "/tasks"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "PATCH")
                .header("Access-Control-Request-Headers", "authorization,if-match,content-type")
                .build();
    }
}
