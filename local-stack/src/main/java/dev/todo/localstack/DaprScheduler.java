package dev.todo.localstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The Dapr Scheduler (Jobs API back end) with embedded etcd, all on loopback, on the ports of
 * docs/CONVENTIONS.md; its health port is moved off the default 8080, which todo-api uses.
 */
public final class DaprScheduler {

    public static final int PORT = 25006;
    public static final int HEALTH_PORT = 28081;
    public static final int METRICS_PORT = 29090;
    public static final int ETCD_CLIENT_PORT = 22379;
    public static final int ETCD_PEER_PORT = 22380;
    public static final String ADDRESS = "127.0.0.1:" + PORT;

    private DaprScheduler() {
    }

    public static ManagedProcess start(DaprBinaries binaries, Path runDir, Waits waits, Consumer<ManagedProcess> started) {
        Path dir = runDir.resolve("scheduler");
        String id = "dapr-scheduler-server-0";
        List<String> command = List.of(binaries.scheduler().toString(),
                "--listen-address", "127.0.0.1",
                "--port", String.valueOf(PORT),
                "--healthz-listen-address", "127.0.0.1",
                "--healthz-port", String.valueOf(HEALTH_PORT),
                "--metrics-listen-address", "127.0.0.1",
                "--metrics-port", String.valueOf(METRICS_PORT),
                "--id", id,
                "--etcd-data-dir", dir.resolve("etcd").toString(),
                "--etcd-client-listen-address", "127.0.0.1",
                "--etcd-client-port", String.valueOf(ETCD_CLIENT_PORT),
                "--etcd-initial-cluster", id + "=http://127.0.0.1:" + ETCD_PEER_PORT,
                "--log-level", "info");
        ManagedProcess scheduler = ManagedProcess.start("dapr-scheduler", command, Map.of("DAPR_HOST_IP", "127.0.0.1"),
                mkdirs(dir), runDir.resolve("logs/dapr-scheduler.log"));
        started.accept(scheduler);
        waits.until("dapr-scheduler", "GET http://127.0.0.1:" + HEALTH_PORT + "/healthz", Duration.ofSeconds(60), scheduler,
                "check ports " + PORT + ", " + HEALTH_PORT + ", " + ETCD_CLIENT_PORT + ", " + ETCD_PEER_PORT + " are free",
                () -> Http.status("http://127.0.0.1:" + HEALTH_PORT + "/healthz", Map.of()) / 100 == 2);
        return scheduler;
    }

    /** Starts it again on the run directory's existing etcd data (its jobs survive), as a fault test does. */
    public static ManagedProcess restart(DaprBinaries binaries, Path runDir, java.io.PrintStream out) {
        return start(binaries, runDir, new Waits(out), process -> { });
    }

    static Path mkdirs(Path dir) {
        try {
            return java.nio.file.Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
