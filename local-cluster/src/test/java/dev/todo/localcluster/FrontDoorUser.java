package dev.todo.localcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todo.common.test.SseStream;
import dev.todo.common.test.TestJwts;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;

/**
 * A fresh user of the system on the cluster, calling the public API only through the front door with the user's
 * own JWT (the same role as system-tests' UserSession, against https://todo.local instead of the local ports).
 */
final class FrontDoorUser {

    static final ObjectMapper JSON = new ObjectMapper();
    /** The API's page size cap (SPEC §2: size ≤ 200). */
    static final int PAGE = 200;
    static final Duration TOKEN_LIFETIME = Duration.ofHours(2);

    final String userId;
    final String token;
    final FrontDoor door;

    private FrontDoorUser(FrontDoor door, String userId, String token) {
        this.door = door;
        this.userId = userId;
        this.token = token;
    }

    static FrontDoorUser fresh(FrontDoor door, String prefix) {
        String userId = prefix + "-" + UUID.randomUUID();
        return new FrontDoorUser(door, userId, TestJwts.token(userId, door.state.authSecret(), TOKEN_LIFETIME));
    }

    HttpResponse<String> call(String method, String path, String contentType, String body) {
        return door.send(method, "/api/" + userId + path, token, contentType, body);
    }

    /** POST /tasks; the created task (fails naming todo-api unless it answered 201 with a Location). */
    JsonNode createTask(String json) {
        HttpResponse<String> response = call("POST", "/tasks", "application/json", json);
        if (response.statusCode() != 201 || response.headers().firstValue("Location").isEmpty()) {
            throw new AssertionError("todo-api (through the front door) answered " + response.statusCode()
                    + " to POST /api/" + userId + "/tasks " + json + ": " + response.body());
        }
        return read(response);
    }

    /** PATCH /tasks/{id}/complete with an explicit {"completed": …}. */
    JsonNode complete(long taskId, boolean completed) {
        HttpResponse<String> response = call("PATCH", "/tasks/" + taskId + "/complete", "application/json",
                "{\"completed\":" + completed + "}");
        if (response.statusCode() != 200) {
            throw new AssertionError("todo-api answered " + response.statusCode() + " to completing task " + taskId
                    + ": " + response.body());
        }
        return read(response);
    }

    /** Every task of the user (all statuses, every page). */
    List<JsonNode> tasks() {
        List<JsonNode> all = new ArrayList<>();
        for (int page = 0; ; page++) {
            HttpResponse<String> response = call("GET", "/tasks?status=all&sort=created_at&order=asc&size=" + PAGE
                    + "&page=" + page, null, null);
            if (response.statusCode() != 200) {
                throw new AssertionError("todo-api answered " + response.statusCode() + " to listing tasks: "
                        + response.body());
            }
            List<JsonNode> items = elements(read(response));
            all.addAll(items);
            if (items.size() < PAGE) {
                return all;
            }
        }
    }

    /** Every notification of the user (newest first, every page). */
    List<JsonNode> notifications() {
        List<JsonNode> all = new ArrayList<>();
        for (int page = 0; ; page++) {
            HttpResponse<String> response = call("GET", "/notifications?size=" + PAGE + "&page=" + page, null, null);
            if (response.statusCode() != 200) {
                throw new AssertionError("notification-service answered " + response.statusCode()
                        + " to listing notifications: " + response.body());
            }
            List<JsonNode> items = elements(read(response));
            all.addAll(items);
            if (items.size() < PAGE) {
                return all;
            }
        }
    }

    List<JsonNode> notificationsFor(long taskId) {
        return notifications().stream().filter(n -> n.path("task_id").asLong() == taskId).toList();
    }

    /**
     * The user's notification stream through the front door, opened as a browser's EventSource opens it: a
     * single-use ticket from {@code POST /stream-tickets} (with the bearer token) in the query string.
     */
    SseStream openStream() {
        HttpResponse<String> ticket = call("POST", "/stream-tickets", null, null);
        if (ticket.statusCode() != 200) {
            throw new AssertionError("notification-service answered " + ticket.statusCode()
                    + " to a stream ticket request: " + ticket.body());
        }
        String value = read(ticket).path("ticket").asText();
        return new SseStream(door.http, door.uri("/api/" + userId + "/stream?ticket="
                + java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8)), null);
    }

    static List<JsonNode> elements(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    static JsonNode read(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (status " + response.statusCode() + "): " + response.body(), e);
        }
    }
}
