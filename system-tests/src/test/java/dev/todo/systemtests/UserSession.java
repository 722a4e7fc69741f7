package dev.todo.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todo.localstack.DemoToken;
import dev.todo.localstack.LocalStack;
import dev.todo.localstack.ServiceSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.UUID;

/** A fresh user of the running stack, calling the services' public APIs with the user's own JWT. */
final class UserSession {

    static final ObjectMapper JSON = new ObjectMapper();

    final String userId;
    final String token;
    private final HttpClient http = HttpClient.newHttpClient();

    private UserSession(String userId, String token) {
        this.userId = userId;
        this.token = token;
    }

    static UserSession newUser(LocalStack stack) {
        String userId = "e2e-" + UUID.randomUUID();
        return new UserSession(userId, DemoToken.sign(userId, stack.secrets().jwtSecret(), Clock.systemUTC()));
    }

    /** Someone presenting {@code token} (forged, expired, another user's) as {@code userId}. */
    static UserSession withToken(String userId, String token) {
        return new UserSession(userId, token);
    }

    HttpResponse<String> todoApi(String method, String path, String contentType, String body) {
        return send(ServiceSpec.TODO_API, method, path, contentType, body, null);
    }

    /** A todo-api call that continues the caller's W3C trace ({@code traceparent} header). */
    HttpResponse<String> todoApiInTrace(String traceparent, String method, String path, String contentType,
                                        String body) {
        return send(ServiceSpec.TODO_API, method, path, contentType, body, traceparent);
    }

    HttpResponse<String> notifications(String method, String path) {
        return send(ServiceSpec.NOTIFICATION_SERVICE, method, path, null, null, null);
    }

    JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> send(ServiceSpec service, String method, String path, String contentType,
                                      String body, String traceparent) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.appUrl() + path))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (traceparent != null) {
            request.header("traceparent", traceparent);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
