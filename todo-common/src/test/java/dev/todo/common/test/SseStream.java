package dev.todo.common.test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * An open server-sent-events stream, as a browser's EventSource holds it; collects named events. Shared by the
 * end-to-end suites (system-tests on the local stack, local-cluster through the front door).
 */
public final class SseStream implements AutoCloseable {

    public record Event(String id, String name, String data) {
    }

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;

    public SseStream(URI uri, String token) {
        this(HttpClient.newHttpClient(), uri, token);
    }

    /** @param token a bearer token, or null when the URI carries a stream ticket ({@code ?ticket=}) */
    public SseStream(HttpClient http, URI uri, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        HttpRequest request = builder.GET().build();
        response = http.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        response.thenAccept(r -> {
            Thread reader = new Thread(() -> read(r.body()), "sse-stream");
            reader.setDaemon(true);
            reader.start();
        });
    }

    /** The response status once the headers arrived, else 0. */
    public int status() {
        return response.isDone() && !response.isCompletedExceptionally() ? response.join().statusCode() : 0;
    }

    public List<Event> events(String name) {
        return events.stream().filter(e -> e.name().equals(name)).toList();
    }

    private void read(Stream<String> lines) {
        String id = null;
        String name = "message";
        List<String> data = new ArrayList<>();
        try {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        events.add(new Event(id, name, String.join("\n", data)));
                    }
                    id = null;
                    name = "message";
                    data.clear();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.add(line.substring(5).stripLeading());
                }
            }
        } catch (RuntimeException closed) {
            // closed by close() or by the server
        }
    }

    @Override
    public void close() {
        response.thenAccept(r -> r.body().close());
        response.cancel(true);
    }
}
