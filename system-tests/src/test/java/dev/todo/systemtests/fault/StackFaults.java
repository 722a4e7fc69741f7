package dev.todo.systemtests.fault;

import static org.awaitility.Awaitility.await;

import dev.todo.localstack.DaprBinaries;
import dev.todo.localstack.DaprScheduler;
import dev.todo.localstack.Daprd;
import dev.todo.localstack.KafkaBroker;
import dev.todo.localstack.LocalStack;
import dev.todo.localstack.ManagedProcess;
import dev.todo.localstack.ServiceApp;
import dev.todo.localstack.ServiceSpec;
import dev.todo.localstack.Workspace;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Faults injected into the running local stack through its public API: kill -9 a service, stop and start Kafka,
 * restart a sidecar. A replacement process is started exactly as the launcher starts the original (same class,
 * same ports, same run directory and secrets); replacements are stopped when the test run ends, after the stack.
 * Register with {@code @ExtendWith({LocalStackExtension.class, StackFaults.class})}.
 */
public final class StackFaults implements BeforeAllCallback {

    private static final Map<String, ManagedProcess> REPLACEMENTS = new ConcurrentHashMap<>();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final PrintStream OUT = System.out;

    static {
        // also when the test JVM ends without closing the JUnit store (Ctrl-C): leave no process behind
        Runtime.getRuntime().addShutdownHook(new Thread(StackFaults::stopReplacements, "stack-faults-stop"));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.create(StackFaults.class))
                .getOrComputeIfAbsent("replacements", key -> (ExtensionContext.Store.CloseableResource) StackFaults::stopReplacements);
    }

    /** The live process of that name: a replacement if one was started, else the launcher's. */
    static ManagedProcess current(LocalStack stack, String name) {
        ManagedProcess replacement = REPLACEMENTS.get(name);
        if (replacement != null) {
            return replacement;
        }
        return stack.processes().stream().filter(p -> p.name().equals(name)).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException("the stack runs no process named " + name));
    }

    /** SIGKILL, no shutdown hooks, no graceful close: what a crashed JVM or an OOM-killed pod looks like. */
    static void kill9(LocalStack stack, String name) {
        ManagedProcess process = current(stack, name);
        List<ProcessHandle> tree = new ArrayList<>(process.handle().descendants().toList());
        tree.add(process.handle());
        tree.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(name + " survived SIGKILL", e);
            }
        }
        OUT.println("fault: kill -9 " + name + " (pid " + process.pid() + ")");
    }

    /** Starts the service's jar again, as the launcher does, and waits until it answers its health check. */
    static void startApp(LocalStack stack, ServiceSpec service) {
        ManagedProcess app = ServiceApp.start(java(), Workspace.locate(), stack.runDir(), service, stack.secrets(),
                stack.environment());
        REPLACEMENTS.put(service.appId(), app);
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(250))
                .until(() -> status(service.appUrl() + "/actuator/health", Map.of()) == 200);
        OUT.println("fault: " + service.appId() + " restarted (pid " + app.pid() + ")");
    }

    /** Stops the service's sidecar gracefully and starts a new one, waiting until it is initialised. */
    static void restartSidecar(LocalStack stack, ServiceSpec service) {
        stopSidecar(stack, service);
        startSidecar(stack, service);
    }

    /** Stops the service's sidecar gracefully (SIGTERM), as a sidecar restart or a crash-looping daprd would. */
    static void stopSidecar(LocalStack stack, ServiceSpec service) {
        String name = "daprd-" + service.appId();
        current(stack, name).stop(Duration.ofSeconds(15));
        OUT.println("fault: " + name + " stopped");
    }

    /** Starts a new sidecar for the service and waits until it is initialised. */
    static void startSidecar(LocalStack stack, ServiceSpec service) {
        String name = "daprd-" + service.appId();
        Workspace workspace = Workspace.locate();
        ManagedProcess sidecar = Daprd.start(DaprBinaries.ensure(workspace, OUT), workspace, stack.runDir(), service,
                stack.secrets());
        REPLACEMENTS.put(name, sidecar);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> status(service.daprHttpUrl() + "/v1.0/healthz",
                        Map.of("dapr-api-token", stack.secrets().daprApiToken(service))) == 204);
        OUT.println("fault: " + name + " restarted (pid " + sidecar.pid() + ")");
    }

    /** Stops the Dapr Scheduler gracefully (SIGTERM), as a rolling restart or a lost Scheduler pod would. */
    static void stopScheduler(LocalStack stack) {
        current(stack, "dapr-scheduler").stop(Duration.ofSeconds(15));
        OUT.println("fault: dapr-scheduler stopped");
    }

    /** Starts the Scheduler again on its existing etcd data and waits until it is healthy. */
    static void startScheduler(LocalStack stack) {
        ManagedProcess scheduler = DaprScheduler.restart(DaprBinaries.ensure(Workspace.locate(), OUT), stack.runDir(), OUT);
        REPLACEMENTS.put("dapr-scheduler", scheduler);
        OUT.println("fault: dapr-scheduler started again (pid " + scheduler.pid() + ")");
    }

    /** Stops the broker gracefully (SIGTERM, as an operator or a rolling restart would). */
    static void stopKafka(LocalStack stack) {
        current(stack, "kafka").stop(Duration.ofSeconds(30));
        OUT.println("fault: kafka stopped");
    }

    /**
     * Starts the broker again on its existing data directory, with the launcher's class path and configuration
     * (the launcher's own start formats fresh storage, which must not happen to a broker that holds data).
     */
    static void startKafka(LocalStack stack) {
        Path dir = stack.runDir().resolve("kafka");
        List<String> command = List.of(java(), "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC",
                "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"),
                "-cp", Workspace.locate().kafkaLibs() + "/*", "kafka.Kafka", dir.resolve("server.properties").toString());
        ManagedProcess broker = ManagedProcess.start("kafka", command, Map.of(), dir,
                stack.runDir().resolve("logs/kafka.log"));
        REPLACEMENTS.put("kafka", broker);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(StackFaults::kafkaAnswers);
        OUT.println("fault: kafka started again (pid " + broker.pid() + ")");
    }

    static boolean kafkaAnswers() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.BOOTSTRAP);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        try (Admin admin = Admin.create(props)) {
            return admin.describeTopics(KafkaBroker.TOPICS).allTopicNames().get(5, TimeUnit.SECONDS).size()
                    == KafkaBroker.TOPICS.size();
        } catch (Exception e) {
            return false;
        }
    }

    static int status(String url, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).GET();
        headers.forEach(request::header);
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static synchronized void stopReplacements() {
        REPLACEMENTS.forEach((name, process) -> {
            if (process.isAlive()) {
                process.stop(Duration.ofSeconds(15));
                OUT.println("  stopped " + name + " (restarted by a fault test)");
            }
        });
        REPLACEMENTS.clear();
    }
}
