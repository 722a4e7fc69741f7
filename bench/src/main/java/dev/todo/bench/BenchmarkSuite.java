package dev.todo.bench;

import dev.todo.localstack.KafkaBroker;
import dev.todo.localstack.LocalStack;
import dev.todo.localstack.ManagedProcess;
import dev.todo.localstack.PostgresServer;
import dev.todo.localstack.ServiceSpec;
import dev.todo.localstack.StackStartupException;
import dev.todo.localstack.TracingSampling;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The benchmark suite (issue 7) on the real local stack: PostgreSQL, Kafka, Dapr Scheduler, one daprd per service
 * and the three services, started with {@link LocalStack}. Prints the table and writes it, with the machine's
 * description and the command, to the results file.
 * <pre>bench/run.sh                     # full run → bench/results/&lt;date&gt;.md
 * bench/run.sh --scale=smoke --out=/tmp/smoke.md --only=write,list</pre>
 */
public final class BenchmarkSuite {

    static final Set<String> PHASES = Set.of("write", "events", "reminders", "list");

    private BenchmarkSuite() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        Scale scale = Scale.named(options.getOrDefault("scale", "full"));
        Set<String> only = options.containsKey("only") ? Set.of(options.get("only").split(",")) : PHASES;
        Path out = Path.of(options.getOrDefault("out", "bench/results/" + LocalDate.now(ZoneOffset.UTC) + ".md"));
        Path runDir = Path.of(options.getOrDefault("run-dir", "bench/target/stack")).toAbsolutePath();
        String report = run(scale, only, runDir, System.out, String.join(" ", args));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report);
        System.out.println("results written to " + out);
    }

    /** Runs the phases and returns the report (markdown). Throws if the stack or a phase fails. */
    static String run(Scale scale, Set<String> only, Path runDir, PrintStream out, String args) throws Exception {
        Wrk.requireInstalled();
        Files.createDirectories(runDir);
        Path snapshot = WorkspaceSnapshot.create(WorkspaceSnapshot.checkout(), runDir.resolve("workspace"));
        System.setProperty("todo.platform.home", snapshot.toString());
        Instant started = Instant.now();
        List<Row> rows = new ArrayList<>();
        String machine;
        try (LocalStack stack = startStack(runDir, out)) {
            List<ManagedProcess> apps = stack.processes().stream()
                    .filter(p -> ServiceSpec.ALL.stream().anyMatch(s -> s.appId().equals(p.name())))
                    .toList();
            String todoDb = PostgresServer.jdbcUrl("todo_api");
            machine = Machine.describe(todoDb, PostgresServer.USER, PostgresServer.PASSWORD);
            TodoApiClient api = new TodoApiClient(ServiceSpec.TODO_API.appUrl(), stack.secrets().jwtSecret());
            Wrk wrk = new Wrk(runDir);
            try (Footprint footprint = new Footprint(apps)) {
                rows.addAll(footprint.startupTogether());
                rows.addAll(footprint.startupAlone(stack, out));
                OutboxBacklog outbox = new OutboxBacklog(todoDb, PostgresServer.USER, PostgresServer.PASSWORD);
                if (only.contains("write")) {
                    CpuAccounting cpu = new CpuAccounting(() -> running(stack, footprint));
                    rows.addAll(new WritePathBench(api, wrk,
                            new JdbcBaseline(todoDb, PostgresServer.USER, PostgresServer.PASSWORD), outbox, cpu)
                            .run(scale, out));
                }
                if (only.contains("events")) {
                    rows.addAll(new EventLatencyBench(api, KafkaBroker.BOOTSTRAP, outbox, serviceUrls()).run(scale, out));
                }
                if (only.contains("reminders")) {
                    rows.addAll(new ReminderPunctualityBench(api, PostgresServer.jdbcUrl("notification"),
                            PostgresServer.USER, PostgresServer.PASSWORD).run(scale, out));
                }
                if (only.contains("list")) {
                    rows.addAll(new ListSearchBench(api, wrk, todoDb, PostgresServer.USER, PostgresServer.PASSWORD)
                            .run(scale, out));
                }
                rows.addAll(footprint.memory());
            }
        }
        rows.add(Row.info("machine", "load average at the end (1/5/15 min)", Machine.loadAverage()));
        String table = table(rows);
        out.println();
        out.println(table);
        return report(scale, args, started, machine, table);
    }

    /** Where the event phase reads its hop histograms: each service and each service's sidecar. */
    private static Map<String, String> serviceUrls() {
        Map<String, String> urls = new LinkedHashMap<>();
        ServiceSpec.ALL.forEach(service -> {
            urls.put(service.appId(), ServerTimers.appScrape(service.appUrl()));
            urls.put("daprd-" + service.appId(), "http://127.0.0.1:" + service.daprMetricsPort() + "/metrics");
        });
        return urls;
    }

    /**
     * The machine's environment, sampling no traces unless it says otherwise ({@code TODO_TRACING_SAMPLING}): the
     * chart's default, and what the figures before tracing existed were measured with.
     */
    static Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.putIfAbsent(TracingSampling.VARIABLE, "0");
        return environment;
    }

    /**
     * The stack's fixed ports are sometimes briefly taken on a shared machine (another engineer's test, a socket in
     * TIME_WAIT): wait and try again, for at most five minutes.
     */
    private static LocalStack startStack(Path runDir, PrintStream out) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                // another stack on this machine (an end-to-end run) holds the ports: wait for it to finish
                return LocalStack.start(new LocalStack.Options(runDir.resolve("run"), ServiceSpec.ALL, environment(),
                        Clock.systemUTC(), out, java.time.Duration.ofMinutes(20)));
            } catch (StackStartupException e) {
                if (attempt >= 20 || !String.valueOf(e.getMessage()).contains("already in use")) {
                    throw e;
                }
                out.println("local stack: " + e.getMessage().lines().findFirst().orElse("") + "; retrying in 15 s");
                Thread.sleep(15_000); // waiting for a port held by another process on the machine
            }
        }
    }

    /** The stack's processes still running, with the services the start-up phase started again. */
    private static List<ManagedProcess> running(LocalStack stack, Footprint footprint) {
        List<ManagedProcess> processes = new ArrayList<>(stack.processes().stream().filter(ManagedProcess::isAlive)
                .toList());
        processes.addAll(footprint.restarted().stream().filter(ManagedProcess::isAlive).toList());
        return processes;
    }

    static String table(List<Row> rows) {
        StringBuilder s = new StringBuilder("| section | metric | result | target | verdict |\n|---|---|---|---|---|\n");
        for (Row r : rows) {
            s.append("| ").append(r.section()).append(" | ").append(r.metric()).append(" | ").append(r.value())
                    .append(" | ").append(r.target()).append(" | ").append(r.verdict()).append(" |\n");
        }
        return s.toString();
    }

    private static String report(Scale scale, String args, Instant started, String machine, String table) {
        return "# Benchmark results " + started.toString().substring(0, 10) + "\n\n"
                + "Command: `bench/run.sh" + (args.isBlank() ? "" : " " + args) + "` (scale `" + scale.name()
                + "`), started " + started + ", on the local stack (PostgreSQL, Kafka KRaft, Dapr Scheduler, one daprd per"
                + " service, the three services as their Boot jars with the launcher's JVM flags).\n\n"
                + "## Machine\n\n" + machine + "\n"
                + "## Results\n\n" + table + "\n";
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("options are --name=value: " + arg);
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        return options;
    }
}
