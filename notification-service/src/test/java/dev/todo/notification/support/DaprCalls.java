package dev.todo.notification.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

/** Calls the app the way daprd does: structured CloudEvents 1.0 with the app token. */
public final class DaprCalls {

    public static final String CONTENT_TYPE = "application/cloudevents+json";

    private final HttpClient http = HttpClient.newHttpClient();
    private final int port;
    private final String appToken;
    private final ObjectMapper json;

    public DaprCalls(int port, String appToken, ObjectMapper json) {
        this.port = port;
        this.appToken = appToken;
        this.json = json;
    }

    public String envelope(String topic, Object data) throws Exception {
        ObjectNode event = json.createObjectNode();
        event.put("specversion", "1.0");
        event.put("id", UUID.randomUUID().toString());
        event.put("source", "todo-api");
        event.put("type", "com.dapr.event.sent");
        event.put("datacontenttype", "application/json");
        event.set("data", json.valueToTree(data));
        event.put("pubsubname", "kafka-pubsub");
        event.put("topic", topic);
        event.put("traceid", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        event.put("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        event.put("tracestate", "");
        event.put("time", "2026-03-02T10:00:00Z");
        return json.writeValueAsString(event);
    }

    /** Publishes {@code data} on {@code topic} as daprd delivers it and returns Dapr's status answer. */
    public String deliver(String route, String topic, Object data) throws Exception {
        return status(post(route, envelope(topic, data), appToken));
    }

    public HttpResponse<String> post(String route, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + route))
                .header("Content-Type", CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("dapr-api-token", token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public String status(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body()).path("status").asText();
    }

    public String appToken() {
        return appToken;
    }
}
