package dev.todo.common.dapr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.observation.web.client.HttpClientObservationsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.opentelemetry.OpenTelemetryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.tracing.MicrometerTracingAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.tracing.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.web.client.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.MediaType;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * The invocation client as the services get it: Boot's own RestClient, observation and OpenTelemetry tracing
 * auto-configuration, against a local HTTP server standing in for the sidecar.
 */
class DaprInvocationClientsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final Map<String, String> received = new ConcurrentHashMap<>();
    private final CountDownLatch releaseSlowAnswer = new CountDownLatch(1);
    private HttpServer sidecar;

    private final ApplicationContextRunner services = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
                    OpenTelemetryAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class,
                    MicrometerTracingAutoConfiguration.class, HttpClientObservationsAutoConfiguration.class,
                    HttpMessageConvertersAutoConfiguration.class, RestClientAutoConfiguration.class,
                    DaprAutoConfiguration.class))
            .withBean(SpanExporter.class, () -> exported)
            .withPropertyValues("management.tracing.sampling.probability=1.0");

    @BeforeEach
    void startSidecar() throws IOException {
        sidecar = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        sidecar.createContext("/v1.0/invoke/todo-api/method/", exchange -> {
            received.put("path", exchange.getRequestURI().toString());
            exchange.getRequestHeaders().forEach((name, values) -> received.put(name.toLowerCase(), values.get(0)));
            if (exchange.getRequestURI().getPath().endsWith("/slow")) {
                awaitRelease();
            }
            exchange.sendResponseHeaders(201, -1);
            exchange.close();
        });
        sidecar.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        sidecar.start();
    }

    private void awaitRelease() {
        try {
            releaseSlowAnswer.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @AfterEach
    void stopSidecar() {
        releaseSlowAnswer.countDown();
        sidecar.stop(0);
    }

    private String sidecarPort() {
        return "todo.dapr.http-port=" + sidecar.getAddress().getPort();
    }

    @Test
    void aCallReachesTheAppsRouteWithTheApiTokenAndTheTraceparentOfItsNamedClientSpan() {
        String[] handler = new String[2];
        List<SpanData> spans = new ArrayList<>();
        services.withPropertyValues(sidecarPort(), "todo.dapr.api-token=sidecar-secret").run(context -> {
            RestClient todoApi = context.getBean(DaprInvocationClients.class).forApp("todo-api", TIMEOUT);
            Tracer tracer = context.getBean(Tracer.class);
            Span parent = tracer.nextSpan().name("handle task-events").start();
            try (Tracer.SpanInScope scope = tracer.withSpan(parent)) {
                todoApi.post().uri("internal/tasks/{id}/next-occurrence", 7)
                        .attribute(DaprInvocationClients.SPAN_NAME, "invoke todo-api create next occurrence")
                        .contentType(MediaType.APPLICATION_JSON).body("{}".getBytes())
                        .retrieve().toBodilessEntity();
            } finally {
                parent.end();
            }
            handler[0] = parent.context().traceId();
            handler[1] = parent.context().spanId();
            // read before the context closes: shutting the exporter down empties it
            context.getBean(SdkTracerProvider.class).forceFlush().join(5, TimeUnit.SECONDS);
            spans.addAll(exported.getFinishedSpanItems());
        });

        SpanData invoke = spans.stream().filter(s -> s.getName().equals("invoke todo-api create next occurrence"))
                .findFirst().orElseThrow(() -> new AssertionError("no named client span in " + spans));
        assertThat(invoke.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(invoke.getTraceId()).isEqualTo(handler[0]);
        assertThat(invoke.getParentSpanId()).isEqualTo(handler[1]);
        assertThat(received).containsEntry("path", "/v1.0/invoke/todo-api/method/internal/tasks/7/next-occurrence")
                .containsEntry("dapr-api-token", "sidecar-secret")
                .containsEntry("traceparent", "00-" + handler[0] + "-" + invoke.getSpanId() + "-01")
                .containsEntry("content-type", "application/json");
    }

    @Test
    void withoutAnApiTokenNoneIsSent() {
        services.withPropertyValues(sidecarPort()).run(context -> context.getBean(DaprInvocationClients.class)
                .forApp("todo-api", TIMEOUT).delete().uri("internal/tasks/{id}/next-occurrence?source_version={v}", 7, 3)
                .retrieve().toBodilessEntity());

        assertThat(received).containsEntry("path",
                "/v1.0/invoke/todo-api/method/internal/tasks/7/next-occurrence?source_version=3")
                .doesNotContainKey("dapr-api-token");
    }

    @Test
    void anAnswerSlowerThanTheReadTimeoutFailsTheCallAtTheTimeout() {
        services.withPropertyValues(sidecarPort()).run(context -> {
            RestClient todoApi = context.getBean(DaprInvocationClients.class).forApp("todo-api", Duration.ofMillis(300));
            long started = System.nanoTime();

            assertThatThrownBy(() -> todoApi.get().uri("slow").retrieve().toBodilessEntity())
                    .isInstanceOf(ResourceAccessException.class).hasRootCauseInstanceOf(SocketTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(300),
                    Duration.ofSeconds(5));
        });
    }

    @Test
    void aSidecarThatIsNotListeningIsAnIoFailure() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        services.withPropertyValues("todo.dapr.http-port=" + closedPort, "todo.dapr.invocation-connect-timeout=PT1S")
                .run(context -> assertThatThrownBy(() -> context.getBean(DaprInvocationClients.class)
                        .forApp("todo-api", TIMEOUT).get().uri("ping").retrieve().toBodilessEntity())
                        .isInstanceOf(ResourceAccessException.class)
                        .hasRootCauseInstanceOf(java.net.ConnectException.class));
    }
}
