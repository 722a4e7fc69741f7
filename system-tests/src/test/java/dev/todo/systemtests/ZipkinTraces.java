package dev.todo.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import dev.todo.localstack.ZipkinServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.StreamSupport;

/**
 * The local stack's Zipkin as an operator queries it ({@code GET /api/v2/trace/{id}}), and the W3C
 * {@code traceparent} a caller sends to start a trace whose id it knows.
 */
final class ZipkinTraces {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ZipkinTraces() {
    }

    /** A new random trace id and a sampled {@code traceparent} header naming it. */
    record Caller(String traceId, String traceparent) {
        static Caller random() {
            byte[] bytes = new byte[24];
            ThreadLocalRandom.current().nextBytes(bytes);
            String hex = HexFormat.of().formatHex(bytes);
            String traceId = hex.substring(0, 32);
            return new Caller(traceId, "00-" + traceId + "-" + hex.substring(32) + "-01");
        }
    }

    /** One span as Zipkin's v2 JSON gives it. */
    record Span(String service, String name, String kind, String traceId, JsonNode tags) {
        String tag(String key) {
            return tags.path(key).asText("");
        }

        @Override
        public String toString() {
            return service + " " + kind + " '" + name + "' " + tags;
        }
    }

    /** Every span Zipkin holds of the trace; empty until the first span arrived. */
    static List<Span> trace(String traceId) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(ZipkinServer.URL + "/api/v2/trace/" + traceId)).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                return List.of();
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Zipkin answered " + response.statusCode() + ": " + response.body());
            }
            return StreamSupport.stream(UserSession.JSON.readTree(response.body()).spliterator(), false)
                    .map(s -> new Span(s.path("localEndpoint").path("serviceName").asText(), s.path("name").asText(),
                            s.path("kind").asText(""), s.path("traceId").asText(), s.path("tags")))
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException("Zipkin did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
