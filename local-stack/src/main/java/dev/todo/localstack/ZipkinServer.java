package dev.todo.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The trace backend of the local stack (issue 14): Zipkin's server from its exec jar on Maven Central, run as its
 * own JVM on loopback with in-memory storage (a run's traces end with the run). The apps send their spans to
 * {@link #SPANS_ENDPOINT} (Micrometer Tracing's Zipkin exporter), the sidecars too (dapr-components/local/config.yaml);
 * {@link #URL} is the UI and the {@code /api/v2} query API.
 */
public final class ZipkinServer {

    public static final int PORT = 9411;
    public static final String URL = "http://127.0.0.1:" + PORT;
    public static final String SPANS_ENDPOINT = URL + "/api/v2/spans";

    private ZipkinServer() {
    }

    public static ManagedProcess start(Workspace workspace, Path runDir, String java, Waits waits,
                                       Consumer<ManagedProcess> started) {
        Path jar = workspace.zipkinServerJar();
        if (!Files.isRegularFile(jar)) {
            throw new StackStartupException("zipkin", "the Zipkin server jar " + jar + " is missing"
                    + System.lineSeparator() + "what to do: run ./mvnw -q -B -pl local-stack -am package -DskipTests");
        }
        List<String> command = List.of(java, "-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-jar", jar.toString(),
                // Zipkin's Armeria server otherwise listens on every interface
                "--armeria.ports[0].ip=127.0.0.1",
                "--armeria.ports[0].port=" + PORT,
                "--armeria.ports[0].protocols=http",
                "--logging.level.root=warn",
                "--logging.level.zipkin2.server=info");
        Map<String, String> env = Map.of("STORAGE_TYPE", "mem", "QUERY_PORT", String.valueOf(PORT),
                // older spans are dropped first; at about 2 KB a span in memory, 50,000 fit the heap with room to
                // spare (200,000 filled it during the end-to-end suite, and an out-of-memory Zipkin stores nothing
                // and spends its CPU collecting garbage), and hold the last few thousand traces
                "MEM_MAX_SPANS", "50000");
        ManagedProcess zipkin = ManagedProcess.start("zipkin", command, env, DaprScheduler.mkdirs(runDir.resolve("zipkin")),
                runDir.resolve("logs/zipkin.log"));
        started.accept(zipkin);
        waits.until("zipkin", "GET " + URL + "/health = 200", Duration.ofSeconds(90), zipkin,
                "check that port " + PORT + " is free and see " + zipkin.log(),
                () -> Http.status(URL + "/health", Map.of()) == 200);
        return zipkin;
    }
}
