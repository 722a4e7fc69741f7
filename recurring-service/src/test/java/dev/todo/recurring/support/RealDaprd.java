package dev.todo.recurring.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real daprd sidecar for an integration test, from the project's own Dapr build
 * (local-stack/dapr-build/build.sh, which answers from its cache once built). Only the components the
 * test writes are loaded; no Scheduler or placement is needed for state and service invocation.
 */
public final class RealDaprd implements AutoCloseable {

    private final Process process;
    private final Path dir;
    private final Path log;
    public final int httpPort;
    public final int grpcPort;
    private final int metricsPort;

    private RealDaprd(Process process, Path dir, Path log, int httpPort, int grpcPort, int metricsPort) {
        this.process = process;
        this.dir = dir;
        this.log = log;
        this.httpPort = httpPort;
        this.grpcPort = grpcPort;
        this.metricsPort = metricsPort;
    }

    /**
     * @param components YAML documents written into the resources directory, by file name
     */
    public static RealDaprd start(String appId, int appPort, String appApiToken, String daprApiToken,
                                  java.util.Map<String, String> components) {
        try {
            Path daprd = binary();
            Path dir = Files.createTempDirectory("daprd-" + appId);
            Path resources = Files.createDirectories(dir.resolve("resources"));
            for (var component : components.entrySet()) {
                Files.writeString(resources.resolve(component.getKey()), component.getValue());
            }
            int httpPort = freePort();
            int grpcPort = freePort();
            int metricsPort = freePort();
            Path log = dir.resolve("daprd.log");
            ProcessBuilder builder = new ProcessBuilder(List.of(daprd.toString(),
                    "--app-id", appId,
                    "--app-port", Integer.toString(appPort),
                    "--app-channel-address", "127.0.0.1",
                    "--app-protocol", "http",
                    "--dapr-listen-addresses", "127.0.0.1",
                    "--dapr-http-port", Integer.toString(httpPort),
                    "--dapr-grpc-port", Integer.toString(grpcPort),
                    "--dapr-internal-grpc-port", Integer.toString(freePort()),
                    "--metrics-port", Integer.toString(metricsPort),
                    "--resources-path", resources.toString(),
                    "--placement-host-address", "",
                    "--scheduler-host-address", "",
                    "--log-level", "info"))
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("APP_API_TOKEN", appApiToken);
            builder.environment().put("DAPR_API_TOKEN", daprApiToken);
            builder.environment().put("DAPR_HOST_IP", "127.0.0.1");
            return new RealDaprd(builder.start(), dir, log, httpPort, grpcPort, metricsPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True once daprd's components are ready for the app to use (state store loaded). */
    public boolean outboundReady(String daprApiToken) {
        return healthy("/v1.0/healthz/outbound", daprApiToken);
    }

    /** True once daprd is wholly up, including the app's subscriptions (daprd read them from the app). */
    public boolean ready(String daprApiToken) {
        return healthy("/v1.0/healthz", daprApiToken);
    }

    private boolean healthy(String path, String daprApiToken) {
        try {
            HttpResponse<Void> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + httpPort + path))
                    .header("dapr-api-token", daprApiToken).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 204;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * How many state-store operations daprd performed so far, by {@code operation} ({@code set}, {@code delete},
     * {@code transaction}, ...) and outcome, e.g. {@code "transaction ok"} or {@code "set failed"}: its own count
     * ({@code dapr_component_state_count}), so a test sees how many calls reached the sidecar.
     */
    public Map<String, Long> stateOperations() {
        Pattern sample = Pattern.compile(
                "^dapr_component_state_count\\{.*operation=\"([a-z_]+)\".*success=\"(true|false)\".*} ([0-9.e+]+)$");
        Map<String, Long> counts = new TreeMap<>();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            response.body().lines().map(sample::matcher).filter(Matcher::matches).forEach(m -> counts.merge(
                    m.group(1) + ("true".equals(m.group(2)) ? " ok" : " failed"),
                    (long) Double.parseDouble(m.group(3)), Long::sum));
            return counts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading daprd's metrics", e);
        }
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp directory is harmless
        }
    }

    private static Path binary() throws IOException {
        Path script = Path.of("..", "local-stack", "dapr-build", "build.sh").toAbsolutePath().normalize();
        Process build = new ProcessBuilder("bash", script.toString()).directory(script.getParent().toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String cacheDir = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(build.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                cacheDir = line.trim();
            }
        }
        try {
            if (build.waitFor() != 0 || cacheDir == null) {
                throw new IllegalStateException("building daprd failed: run bash " + script + " and read its output");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building daprd", e);
        }
        Path daprd = Path.of(cacheDir, "daprd");
        if (!Files.isExecutable(daprd)) {
            throw new IllegalStateException("no executable daprd in " + cacheDir);
        }
        return daprd;
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
