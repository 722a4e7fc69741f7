package dev.todo.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Create-task throughput and latency through todo-api (wrk) against the plain-JDBC baseline, per concurrency. */
final class WritePathBench {

    private static final String BODY = "{\"title\":\"bench task\",\"priority\":\"high\",\"tags\":[\"bench\"]}";
    static final double TARGET_RATIO = 0.70;

    private final TodoApiClient api;
    private final Wrk wrk;
    private final JdbcBaseline baseline;

    WritePathBench(TodoApiClient api, Wrk wrk, JdbcBaseline baseline) {
        this.api = api;
        this.wrk = wrk;
        this.baseline = baseline;
    }

    List<Row> run(Scale scale, java.io.PrintStream out) throws InterruptedException {
        List<Row> rows = new ArrayList<>();
        String url = api.baseUrl() + "/api/bench-writer/tasks";
        String token = api.token("bench-writer");
        // JIT warm-up of the create path and the JDBC driver; not measured
        wrk.post(url, token, BODY, 4, scale.perLevel().dividedBy(3).plusSeconds(1));
        baseline.run(2, Duration.ofSeconds(2));
        for (int c : scale.concurrencies()) {
            JdbcBaseline.Result jdbc = baseline.run(c, scale.perLevel());
            Wrk.Result http = wrk.post(url, token, BODY, c, scale.perLevel());
            if (http.errors() > 0 || http.non2xx() > 0) {
                throw new IllegalStateException("create load had errors: " + http);
            }
            double ratio = http.throughput() / jdbc.throughput();
            out.printf("write path c=%d: api %.0f/s p50 %.1f ms p99 %.1f ms | jdbc %.0f/s p50 %.1f ms p99 %.1f ms | %.0f%%%n",
                    c, http.throughput(), http.p50Millis(), http.p99Millis(), jdbc.throughput(),
                    jdbc.latencies().percentileMillis(50), jdbc.latencies().percentileMillis(99), ratio * 100);
            String section = "write path, " + c + " concurrent";
            rows.add(Row.info(section, "POST /tasks throughput / p50 / p99",
                    String.format("%.0f/s / %.1f ms / %.1f ms (%d requests)", http.throughput(), http.p50Millis(),
                            http.p99Millis(), http.requests())));
            rows.add(Row.info(section, "plain JDBC two-row tx throughput / p50 / p99",
                    String.format("%.0f/s / %.1f ms / %.1f ms (%d tx)", jdbc.throughput(),
                            jdbc.latencies().percentileMillis(50), jdbc.latencies().percentileMillis(99),
                            jdbc.transactions())));
            rows.add(new Row(section, "API throughput / JDBC throughput", String.format("%.0f %%", ratio * 100),
                    "≥ 70 %", ratio >= TARGET_RATIO));
        }
        return rows;
    }
}
