package dev.todo.recurring.occurrence;

import com.sun.net.httpserver.HttpServer;
import dev.todo.common.dapr.DaprInvocationClients;
import dev.todo.common.dapr.DaprProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.springframework.web.client.RestClient;

/**
 * A local HTTP server standing in for the sidecar's service-invocation route to todo-api: it records every request
 * and answers what the test sets, so {@link TodoApiClient} runs its real HTTP client and mapping.
 */
final class TodoApiSidecar implements AutoCloseable {

    static final String INVOKE_TODO_API = "/v1.0/invoke/todo-api/method/";

    record Request(String method, String pathAndQuery, String body) {
    }

    record Answer(int status, String body) {
    }

    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final HttpServer server;
    private volatile Supplier<Answer> answer = () -> new Answer(201, "");

    TodoApiSidecar() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext(INVOKE_TODO_API, exchange -> {
            String path = exchange.getRequestURI().getRawPath().substring(INVOKE_TODO_API.length());
            String query = exchange.getRequestURI().getRawQuery();
            requests.add(new Request(exchange.getRequestMethod(), query == null ? path : path + "?" + query,
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            Answer given = answer.get();
            byte[] body = given.body().getBytes(StandardCharsets.UTF_8);
            if (body.length > 0) {
                exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
            }
            exchange.sendResponseHeaders(given.status(), body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.setExecutor(threads);
        server.start();
    }

    void answer(int status, String body) {
        answer(() -> new Answer(status, body));
    }

    void answer(Supplier<Answer> answer) {
        this.answer = answer;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The invocation clients of an app whose sidecar is this server. */
    DaprInvocationClients clients() {
        return clientsOn(server.getAddress().getPort());
    }

    /** The invocation clients of an app whose sidecar is not listening. */
    static DaprInvocationClients unreachable() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return clientsOn(socket.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DaprInvocationClients clientsOn(int port) {
        DaprProperties properties = new DaprProperties();
        properties.setHttpPort(port);
        return new DaprInvocationClients(properties, RestClient::builder);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
