package dev.todo.notification.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** A browser's EventSource, reduced to what the tests read: the events received so far. */
public final class SseTestClient implements AutoCloseable {

    public record Event(String id, String name, String data) {
    }

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<String> comments = new CopyOnWriteArrayList<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private volatile Stream<String> lines;

    private SseTestClient(HttpClient http, HttpRequest request) {
        this.response = http.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        response.thenAccept(r -> {
            lines = r.body();
            Thread reader = new Thread(() -> read(r.body()), "sse-test-client");
            reader.setDaemon(true);
            reader.start();
        });
    }

    public static SseTestClient open(int port, String userId, String bearer, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/" + userId + "/stream"))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + bearer)
                .GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return new SseTestClient(HttpClient.newHttpClient(), request.build());
    }

    /** As a browser's EventSource connects: no headers of its own, a stream ticket in {@code ?ticket=}. */
    public static SseTestClient openWithTicket(int port, String userId, String ticket) {
        return openWithQuery(port, userId, "ticket=" + URLEncoder.encode(ticket, StandardCharsets.UTF_8));
    }

    /** A GET of the stream with only a query string: no Authorization header. */
    public static SseTestClient openWithQuery(int port, String userId, String query) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/" + userId
                        + "/stream?" + query))
                .header("Accept", "text/event-stream")
                .GET()
                .build();
        return new SseTestClient(HttpClient.newHttpClient(), request);
    }

    /** {@code POST /api/{userId}/stream-tickets} with the bearer token, as the frontend does before opening. */
    public static HttpResponse<String> requestTicket(int port, String userId, String bearer) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/" + userId + "/stream-tickets"))
                .header("Authorization", "Bearer " + bearer)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** HTTP status once the response head arrived, else 0. */
    public int status() {
        return response.isDone() && !response.isCompletedExceptionally() ? response.join().statusCode() : 0;
    }

    public String contentType() {
        return header("Content-Type");
    }

    public String header(String name) {
        return response.join().headers().firstValue(name).orElse("");
    }

    public List<Event> events() {
        return new ArrayList<>(events);
    }

    public List<Event> events(String name) {
        return events.stream().filter(e -> e.name().equals(name)).toList();
    }

    public List<String> comments() {
        return new ArrayList<>(comments);
    }

    private void read(Stream<String> body) {
        String id = null;
        String name = "message";
        StringBuilder data = new StringBuilder();
        try {
            for (String line : (Iterable<String>) body::iterator) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        events.add(new Event(id, name, data.toString()));
                    }
                    id = null;
                    name = "message";
                    data.setLength(0);
                } else if (line.startsWith(":")) {
                    comments.add(line.substring(1));
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    if (!data.isEmpty()) {
                        data.append('\n');
                    }
                    data.append(line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5));
                }
            }
        } catch (RuntimeException closed) {
            // the stream was closed by close() or by the server
        }
    }

    @Override
    public void close() {
        Stream<String> current = lines;
        if (current != null) {
            current.close();
        }
        response.cancel(true);
    }
}
