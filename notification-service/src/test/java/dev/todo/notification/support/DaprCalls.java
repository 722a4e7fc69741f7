package dev.todo.notification.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todo.common.test.DaprCloudEvents;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Calls the app the way daprd does: structured CloudEvents 1.0 with the app token. */
public final class DaprCalls {

    public static final String CONTENT_TYPE = DaprCloudEvents.CONTENT_TYPE;
    /** The routes subscribed with {@code @BulkSubscribe}: daprd posts them batches. */
    public static final Set<String> BULK_ROUTES = Set.of("/events/task-updates");

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

    /**
     * Publishes {@code data} on {@code topic} as daprd delivers it and returns Dapr's status answer: on a bulk
     * route, a batch of this one message and the answer for its entry.
     */
    public String deliver(String route, String topic, Object data) throws Exception {
        if (BULK_ROUTES.contains(route)) {
            return deliverBulk(route, topic, List.of(data)).get("0");
        }
        return status(post(route, envelope(topic, data), appToken));
    }

    /** One bulk delivery of these messages; Dapr's answers by entry id ({@code "0"}, {@code "1"}, ...). */
    public Map<String, String> deliverBulk(String route, String topic, List<?> data) throws Exception {
        List<String> bodies = new ArrayList<>();
        for (Object message : data) {
            bodies.add(envelope(topic, message));
        }
        HttpResponse<String> response = post(route, DaprCloudEvents.bulk(json, topic, bodies), appToken);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return DaprCloudEvents.bulkStatuses(json, response.body());
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
