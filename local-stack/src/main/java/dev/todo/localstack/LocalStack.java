package dev.todo.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The whole system on one machine, in order: PostgreSQL, Kafka, Zipkin (traces), the Dapr Scheduler, then each
 * service with its daprd. {@link #main} is the README's run command; the end-to-end suite starts
 * the same stack through {@link #start(Options)}. {@link #close()} stops everything it started,
 * process trees included, in reverse order.
 */
public final class LocalStack implements AutoCloseable {

    public static final String READY_LINE = "todo-platform local stack is ready";
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    /**
     * What to start and where; {@code environment} supplies an optional BETTER_AUTH_SECRET;
     * {@code waitForOtherStack}: how long to wait for another stack on this machine to stop.
     */
    public record Options(Path runDir, List<ServiceSpec> services, Map<String, String> environment, Clock clock,
                          PrintStream out, Duration waitForOtherStack) {

        /**
         * The run command's options. {@code -Dlocal-stack.run-dir=DIR} moves the run directory and
         * {@code -Dlocal-stack.wait-for-other-stack=PT10M} waits for another stack instead of failing (tests use both).
         */
        public static Options defaults(Workspace workspace) {
            String runDir = System.getProperty("local-stack.run-dir");
            return new Options(runDir != null ? Path.of(runDir).toAbsolutePath() : workspace.defaultRunDir(), ServiceSpec.ALL,
                    System.getenv(), Clock.systemUTC(), System.out,
                    Duration.parse(System.getProperty("local-stack.wait-for-other-stack", "PT0S")));
        }
    }

    private final Workspace workspace;
    private final Options options;
    private final Waits waits;
    private final RunSecrets secrets;
    private final LeftoverProcesses leftovers;
    private final String java = ProcessHandle.current().info().command().orElse("java");
    private final List<ManagedProcess> processes = new ArrayList<>();
    private PostgresServer postgres;
    private volatile boolean closed;
    private Thread shutdownHook;
    private MachineLock machineLock;
    private String demoToken;

    private LocalStack(Workspace workspace, Options options) {
        this.workspace = workspace;
        this.options = options;
        this.waits = new Waits(options.out());
        this.secrets = RunSecrets.generate(options.environment());
        this.leftovers = new LeftoverProcesses(options.runDir());
    }

    /**
     * Starts the stack and returns once every component is ready; on failure, stops what started and throws. The
     * stack is also stopped when the JVM exits without closing it (a benchmark or a test run sent SIGTERM): a
     * signal to this JVM alone reaches none of the stack's processes, and PostgreSQL detaches from the start.
     */
    public static LocalStack start(Options options) {
        LocalStack stack = new LocalStack(Workspace.locate(), options);
        stack.startAll();
        return stack;
    }

    public static void main(String[] args) {
        Workspace workspace;
        LocalStack stack;
        try {
            workspace = Workspace.locate();
            stack = new LocalStack(workspace, Options.defaults(workspace));
        } catch (RuntimeException e) {
            System.err.println("local stack: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            stack.startAll();
        } catch (StackStartupException e) {
            if (stack.closed) {
                return; // Ctrl-C during start-up: the shutdown hook is stopping everything
            }
            System.err.println();
            System.err.println("local stack did not start: " + e.getMessage());
            System.exit(1);
        }
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Registered before anything starts, so a signal during start-up also stops what is already running. */
    private void stopOnExit() {
        shutdownHook = new Thread(this::close, "local-stack-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    private void forgetShutdownHook() {
        if (shutdownHook == null || Thread.currentThread() == shutdownHook) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException exiting) {
            // the JVM is already exiting: the hook runs and finds the stack closed
        }
        shutdownHook = null;
    }

    private void startAll() {
        PrintStream out = options.out();
        long started = System.nanoTime();
        stopOnExit();
        try {
            out.println("Starting the todo-platform local stack (run directory " + options.runDir() + ")");
            machineLock = MachineLock.acquire(options.waitForOtherStack(), out);
            started = System.nanoTime(); // the start-up time excludes waiting for another stack
            leftovers.stopAll(out);
            Ports.requireFree(Ports.of(options.services()));
            prepareRunDir();
            DaprBinaries dapr = DaprBinaries.ensure(workspace, out);

            out.println("[1/5] PostgreSQL on 127.0.0.1:" + PostgresServer.PORT);
            postgres = PostgresServer.start(options.runDir());
            PostgresServer.writeDaprSecretsFile(options.runDir());
            writeRunEnv();
            abortIfClosed();

            out.println("[2/5] Kafka (KRaft) on " + KafkaBroker.BOOTSTRAP);
            KafkaBroker.start(workspace, options.runDir(), java, waits, this::track);

            // before the sidecars and apps, so their first spans have somewhere to go
            out.println("[3/5] Zipkin (traces) on " + ZipkinServer.URL);
            ZipkinServer.start(workspace, options.runDir(), java, waits, this::track);

            out.println("[4/5] Dapr Scheduler on " + DaprScheduler.ADDRESS);
            DaprScheduler.start(dapr, options.runDir(), waits, this::track);

            out.println("[5/5] services and their sidecars");
            TracingSampling.configureSidecars(options.environment(), workspace, options.runDir());
            Map<ServiceSpec, ManagedProcess[]> startedServices = new LinkedHashMap<>();
            for (ServiceSpec service : options.services()) {
                ManagedProcess sidecar = track(Daprd.start(dapr, workspace, options.runDir(), service, secrets));
                ManagedProcess app = track(ServiceApp.start(java, workspace, options.runDir(), service, secrets,
                        options.environment()));
                startedServices.put(service, new ManagedProcess[] {app, sidecar});
            }
            for (var entry : startedServices.entrySet()) {
                awaitService(entry.getKey(), entry.getValue()[0], entry.getValue()[1]);
            }
            demoToken = DemoToken.sign(DemoToken.DEMO_USER, secrets.jwtSecret(), options.clock(), options.environment());
            printSummary(Duration.ofNanos(System.nanoTime() - started));
        } catch (RuntimeException e) {
            close();
            throw e instanceof StackStartupException s ? s : new StackStartupException("launcher", e.toString(), e);
        }
    }

    private void awaitService(ServiceSpec service, ManagedProcess app, ManagedProcess sidecar) {
        String health = service.appUrl() + "/actuator/health";
        waits.until(service.appId(), "GET " + health + " = 200", Duration.ofSeconds(180), List.of(app, sidecar),
                "see " + app.log() + " and " + sidecar.log() + " (the app's env is in docs/CONVENTIONS.md)",
                () -> Http.status(health, Map.of()) == 200);
        String healthz = service.daprHttpUrl() + "/v1.0/healthz";
        waits.until(sidecar.name(), "GET " + healthz + " = 204 (sidecar initialised, app channel open)",
                Duration.ofSeconds(120), List.of(sidecar, app), "see " + sidecar.log(),
                () -> Http.status(healthz, Map.of("dapr-api-token", secrets.daprApiToken(service))) == 204);
    }

    private ManagedProcess track(ManagedProcess process) {
        synchronized (processes) {
            processes.add(process);
        }
        leftovers.record(process);
        abortIfClosed();
        return process;
    }

    private void abortIfClosed() {
        if (closed) {
            throw new StackStartupException("launcher", "stopped while starting");
        }
    }

    private void prepareRunDir() {
        Path runDir = options.runDir();
        try {
            // Every run starts from empty data (PostgreSQL, Kafka, etcd, logs).
            Directories.empty(runDir);
            Files.createDirectories(runDir.resolve("logs"));
        } catch (IOException e) {
            throw new StackStartupException("launcher", "cannot prepare " + runDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * run.env (owner-only, git-ignored run dir): the run's tokens, for calling a sidecar or an app by hand, each
     * app's prefixed with its id (TODO_API_DAPR_API_TOKEN, NOTIFICATION_SERVICE_APP_API_TOKEN, ...).
     */
    private void writeRunEnv() {
        Path file = options.runDir().resolve("run.env");
        StringBuilder env = new StringBuilder();
        for (ServiceSpec service : ServiceSpec.ALL) {
            String prefix = runEnvPrefix(service);
            env.append(prefix).append("DAPR_API_TOKEN=").append(secrets.daprApiToken(service)).append('\n')
                    .append(prefix).append("APP_API_TOKEN=").append(secrets.appApiToken(service)).append('\n');
        }
        env.append("BETTER_AUTH_SECRET=").append(secrets.jwtSecret()).append('\n');
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, env);
        } catch (IOException e) {
            throw new StackStartupException("launcher", "cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private void printSummary(Duration took) {
        PrintStream out = options.out();
        out.println();
        out.printf("%s (started in %.1fs)%n", READY_LINE, took.toMillis() / 1000.0);
        for (ServiceSpec service : options.services()) {
            out.printf("  %-22s %s   (sidecar %s, gRPC 127.0.0.1:%d)%n", service.appId(), service.appUrl(),
                    service.daprHttpUrl(), service.daprGrpcPort());
        }
        out.println("  Kafka bootstrap        " + KafkaBroker.BOOTSTRAP + "   topics " + String.join(", ", KafkaBroker.TOPICS));
        out.println("  PostgreSQL             " + PostgresServer.jdbcUrl("todo_api") + "  (also /notification, /dapr_state;"
                + " user " + PostgresServer.USER + ")");
        out.println("  Dapr Scheduler         " + DaprScheduler.ADDRESS);
        out.println("  Zipkin (traces)        " + ZipkinServer.URL + "   (UI; spans of the apps and sidecars, in memory)");
        out.println("  logs                   " + options.runDir().resolve("logs"));
        out.println("  API tokens             " + options.runDir().resolve("run.env") + "  (e.g. curl -H \"dapr-api-token: $"
                + runEnvPrefix(ServiceSpec.TODO_API) + "DAPR_API_TOKEN\" "
                + ServiceSpec.TODO_API.daprHttpUrl() + "/v1.0/metadata)");
        out.println();
        out.println("  token for user " + DemoToken.DEMO_USER + " (valid 12 h):");
        out.println("  export TOKEN=" + demoToken);
        out.println("  curl -H \"Authorization: Bearer $TOKEN\" " + ServiceSpec.TODO_API.appUrl() + "/api/"
                + DemoToken.DEMO_USER + "/tasks");
        out.println();
        out.println("Press Ctrl-C to stop everything.");
    }

    static String runEnvPrefix(ServiceSpec service) {
        return service.appId().toUpperCase(Locale.ROOT).replace('-', '_') + "_";
    }

    public RunSecrets secrets() {
        return secrets;
    }

    public String demoToken() {
        return demoToken;
    }

    public Path runDir() {
        return options.runDir();
    }

    /** The environment the stack was started with; a service started again takes its settings from it too. */
    public Map<String, String> environment() {
        return options.environment();
    }

    /** Every process the stack started (PostgreSQL's server is managed by zonky and not listed). */
    public List<ManagedProcess> processes() {
        synchronized (processes) {
            return List.copyOf(processes);
        }
    }

    /** Stops everything, newest first; safe to call twice and from a shutdown hook. */
    @Override
    public synchronized void close() {
        if (closed && processes.isEmpty() && postgres == null && machineLock == null) {
            return;
        }
        closed = true;
        List<ManagedProcess> running;
        synchronized (processes) {
            running = new ArrayList<>(processes);
            processes.clear();
        }
        PrintStream out = options.out();
        out.println("Stopping the local stack ...");
        // Apps and sidecars first (in parallel: each waits for its own graceful shutdown), then the infrastructure.
        List<ManagedProcess> infrastructure = new ArrayList<>(running.stream()
                .filter(p -> p.name().equals("kafka") || p.name().equals("dapr-scheduler") || p.name().equals("zipkin"))
                .toList());
        Collections.reverse(infrastructure);
        List<ManagedProcess> services = running.stream().filter(p -> !infrastructure.contains(p)).toList();
        stopAll(services, out);
        stopAll(infrastructure, out);
        if (postgres != null) {
            try {
                postgres.close();
                out.println("  stopped postgresql");
            } catch (IOException | RuntimeException e) {
                out.println("  postgresql did not stop cleanly: " + e.getMessage());
            }
            postgres = null;
        }
        if (machineLock != null) {
            machineLock.close();
            machineLock = null;
        }
        forgetShutdownHook();
        out.println("Local stack stopped.");
    }

    private static void stopAll(List<ManagedProcess> group, PrintStream out) {
        group.parallelStream().forEach(process -> {
            try {
                boolean wasRunning = process.isAlive();
                process.stop(STOP_GRACE);
                if (wasRunning) {
                    out.println("  stopped " + process.name());
                }
            } catch (RuntimeException e) {
                out.println("  " + process.name() + ": " + e.getMessage());
            }
        });
    }
}
