package dev.todo.notification.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todo.common.test.DaprCloudEvents;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Calls the app the way daprd does: structured CloudEvents 1.0 with the app token. */
public final class DaprCalls {

    public static final String CONTENT_TYPE = DaprCloudEvents.CONTENT_TYPE;

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
        return DaprCloudEvents.envelope(json, topic, data);
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
