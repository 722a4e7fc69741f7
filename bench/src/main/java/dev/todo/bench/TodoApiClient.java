package dev.todo.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todo.common.security.DevToken;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Calls todo-api as a user would: HTTP with a bearer token signed with the run's secret. */
final class TodoApiClient {

    private final String baseUrl;
    private final String secret;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    final ObjectMapper json = new ObjectMapper();

    TodoApiClient(String baseUrl, String secret) {
        this.baseUrl = baseUrl;
        this.secret = secret;
    }

    String baseUrl() {
        return baseUrl;
    }

    String token(String user) {
        return tokens.computeIfAbsent(user, u -> {
            try {
                return DevToken.token(secret, u, Duration.ofHours(6), Instant.now());
            } catch (com.nimbusds.jose.JOSEException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    JsonNode create(String user, String body) {
        return expect(send(user, "POST", "/api/" + user + "/tasks", body), 201);
    }

    JsonNode complete(String user, long id) {
        return expect(send(user, "PATCH", "/api/" + user + "/tasks/" + id + "/complete", "{\"completed\":true}"), 200);
    }

    JsonNode list(String user, String query) {
        return expect(send(user, "GET", "/api/" + user + "/tasks?" + query, null), 200);
    }

    HttpResponse<String> send(String user, String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token(user));
        if (body != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().method() + " " + response.uri() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + response.body(), e);
        }
    }
}
