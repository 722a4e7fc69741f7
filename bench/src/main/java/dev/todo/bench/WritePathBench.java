package dev.todo.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Create-task throughput and latency through todo-api (wrk) against the plain-JDBC baseline, per concurrency,
 * with the CPU each create costs every part of the stack (the event pipeline included) and the rate the whole
 * platform sustains once the relay has published every event.
 */
final class WritePathBench {

    private static final String BODY = "{\"title\":\"bench task\",\"priority\":\"high\",\"tags\":[\"bench\"]}";
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(10);
    static final double TARGET_RATIO = 0.70;
    private static final String CREATE_ROUTE = "/api/{user_id}/tasks";

    private final TodoApiClient api;
    private final Wrk wrk;
    private final JdbcBaseline baseline;
    private final OutboxBacklog outbox;
    private final CpuAccounting cpu;

    WritePathBench(TodoApiClient api, Wrk wrk, JdbcBaseline baseline, OutboxBacklog outbox, CpuAccounting cpu) {
        this.api = api;
        this.wrk = wrk;
        this.baseline = baseline;
        this.outbox = outbox;
        this.cpu = cpu;
    }

    List<Row> run(Scale scale, java.io.PrintStream out) throws Exception {
        List<Row> rows = new ArrayList<>();
        String url = api.baseUrl() + "/api/bench-writer/tasks";
        String token = api.token("bench-writer");
        // JIT warm-up of every JVM on the path (todo-api, its relay, both consumers, Kafka) and the JDBC driver:
        // the services were just restarted by the start-up phase, and C2 needs tens of seconds on two shared
        // cores. Not measured.
        out.printf("write path: warming up for %d s%n", scale.writeWarmUp().toSeconds());
        wrk.post(url, token, BODY, 8, scale.writeWarmUp());
        baseline.run(2, Duration.ofSeconds(2));
        outbox.drain(DRAIN_TIMEOUT);
        int cores = Runtime.getRuntime().availableProcessors();
        Map<String, String> todoApiOnly = Map.of("todo-api", ServerTimers.appScrape(api.baseUrl()));
        for (int c : scale.concurrencies()) {
            JdbcBaseline.Result jdbc = baseline.run(c, scale.perLevel());
            CpuAccounting.Snapshot before = cpu.snapshot();
            ServerTimers.Snapshot timersBefore = ServerTimers.scrape(todoApiOnly);
            Wrk.Result http = wrk.post(url, token, BODY, c, scale.perLevel());
            List<ServerTimers.Delta> inside = ServerTimers.scrape(todoApiOnly)
                    .since(timersBefore).stream()
                    .filter(d -> "POST".equals(d.series().labels().get("method"))
                            && CREATE_ROUTE.equals(d.series().labels().get("uri")))
                    .toList();
            if (http.errors() > 0 || http.non2xx() > 0) {
                throw new IllegalStateException("create load had errors: " + http);
            }
            OutboxBacklog.Drained drained = outbox.drain(DRAIN_TIMEOUT);
            CpuAccounting.Snapshot after = cpu.snapshot();
            double sustained = http.requests() / (scale.perLevel().toNanos() / 1e9 + drained.took().toNanos() / 1e9);
            double ratio = http.throughput() / jdbc.throughput();
            double cpuPerCreate = after.totalMillisSince(before) / Math.max(1, http.requests());
            out.printf("write path c=%d: api %.0f/s p50 %.1f ms p99 %.1f ms | jdbc %.0f/s p50 %.1f ms p99 %.1f ms | %.0f%%"
                            + " | sustained %.0f/s | CPU per create %.2f ms%n",
                    c, http.throughput(), http.p50Millis(), http.p99Millis(), jdbc.throughput(),
                    jdbc.latencies().percentileMillis(50), jdbc.latencies().percentileMillis(99), ratio * 100,
                    sustained, cpuPerCreate);
            String section = "write path, " + c + " concurrent";
            rows.add(Row.info(section, "POST /tasks throughput / p50 / p99",
                    String.format("%.0f/s / %.1f ms / %.1f ms (%d requests)", http.throughput(), http.p50Millis(),
                            http.p99Millis(), http.requests())));
            rows.addAll(ServerTimers.rows(section, inside));
            rows.add(Row.info(section, "plain JDBC two-row tx throughput / p50 / p99",
                    String.format("%.0f/s / %.1f ms / %.1f ms (%d tx)", jdbc.throughput(),
                            jdbc.latencies().percentileMillis(50), jdbc.latencies().percentileMillis(99),
                            jdbc.transactions())));
            rows.add(new Row(section, "API throughput / JDBC throughput", String.format("%.0f %%", ratio * 100),
                    "≥ 70 %", ratio >= TARGET_RATIO));
            rows.add(Row.info(section, "sustained: creates / (load + time until the relay published every event)",
                    String.format("%.0f/s (outbox backlog %d events, published in %.1f s)", sustained,
                            drained.events(), drained.took().toNanos() / 1e9)));
            rows.add(Row.info(section, "CPU per create, by process (ms; " + cores + " cores = "
                            + String.format("%.0f", cores * 1000.0) + " ms of CPU per second)",
                    after.perUnitSince(before, http.requests())));
        }
        return rows;
    }
}
