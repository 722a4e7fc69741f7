package dev.todo.api.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.todo.common.test.SharedPostgres;
import dev.todo.common.test.TestJwts;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Issue 11, the second half of its first "Done when": the costly rules go to todo-api running as the chart
 * runs it — its own JVM with the chart's {@code javaToolOptions} (so {@code -XX:+ExitOnOutOfMemoryError}: an
 * OutOfMemoryError would end the process) and the chart's memory and CPU limits of todo-api, read from
 * {@code helm/todo-app/values.yaml}. There is no container here, so the limits reach the JVM the way a cgroup
 * would: {@code -XX:MaxRAM} (what the JVM takes as the machine's memory, the base of MaxRAMPercentage) and
 * {@code -XX:ActiveProcessorCount}. Before the cost bound, the first rule below killed such a process.
 *
 * <p>Every rule is sent many times at once (create, full update, merge patch, and the occurrence preview of
 * the accepted ones): the answers are 201/200 or a 400 problem+json, never a 5xx, the process is still
 * running, and the next ordinary request is answered at once.
 */
class CostlyRecurrenceUnderChartFlagsIT {

    private static final String USER = "costly-user";
    private static final Path CHART_VALUES = Path.of("..", "helm", "todo-app", "values.yaml");

    private static String range(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(String::valueOf).collect(Collectors.joining(","));
    }

    /** Refused by the cost bound: the rule of the issue and its neighbours (each one an OOM before). */
    private static final List<String> REFUSED = List.of(
            "FREQ=YEARLY;BYMONTH=" + range(1, 12) + ";BYDAY=MO,TU,WE,TH,FR,SA,SU;BYHOUR=" + range(0, 23)
                    + ";BYMINUTE=" + range(0, 59) + ";BYSECOND=" + range(0, 59),
            "FREQ=HOURLY;BYMINUTE=" + range(0, 59) + ";BYSECOND=" + range(0, 59),
            "FREQ=YEARLY;BYYEARDAY=" + range(1, 366) + ";BYHOUR=" + range(0, 23) + ";BYMINUTE=0,15,30,45",
            "FREQ=YEARLY;INTERVAL=100000",
            "FREQ=MINUTELY;COUNT=1000000");

    /** Accepted, and as expensive as the bound allows: near 1000 candidates a period, far ends, rare matches. */
    private static final List<String> ACCEPTED_AT_THE_BOUND = List.of(
            "FREQ=YEARLY;BYMONTH=" + range(1, 12) + ";BYMONTHDAY=" + range(1, 28) + ";BYHOUR=0,12;UNTIL=99991231T235959Z",
            "FREQ=DAILY;BYHOUR=" + range(0, 23) + ";BYMINUTE=0,15,30,45;COUNT=1000000",
            "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR,SA,SU;BYHOUR=" + range(0, 23) + ";BYSETPOS=-1",
            "FREQ=YEARLY;INTERVAL=50;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO",
            "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
            "FREQ=WEEKLY;INTERVAL=2608;BYDAY=MO,TU,WE,TH,FR,SA,SU;BYHOUR=" + range(0, 23) + ";BYMINUTE=0,15,30,45");

    private static Process todoApi;
    private static Path log;
    private static String base;
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String BEARER = "Bearer " + TestJwts.token(USER);

    @BeforeAll
    static void startTodoApiWithTheChartsFlags() throws IOException {
        ChartLimits chart = ChartLimits.read(CHART_VALUES);
        Path jar;
        try (Stream<Path> jars = Files.list(Path.of("target"))) {
            jar = jars.filter(p -> p.getFileName().toString().matches("todo-api-.*\\.jar"))
                    .filter(p -> !p.getFileName().toString().endsWith("-plain.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException(
                            "todo-api's jar is not in target/: run the package phase first (./mvnw -pl todo-api verify)"));
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        base = "http://127.0.0.1:" + port;
        log = Files.createTempFile("todo-api-chart-flags", ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:MaxRAM=" + chart.memoryLimitBytes());
        command.add("-XX:ActiveProcessorCount=" + chart.cpus());
        command.addAll(List.of("-jar", jar.toString(),
                "--server.port=" + port,
                "--spring.datasource.url=" + SharedPostgres.jdbcUrl("todo_api_chart_flags_it"),
                "--spring.datasource.username=" + SharedPostgres.username(),
                "--spring.datasource.password=" + SharedPostgres.password(),
                "--todo.security.jwt-secret=" + TestJwts.SECRET,
                "--todo.security.app-api-token=chart-flags-app-token",
                "--todo.dapr.sidecar-health-enabled=false",
                "--todo.outbox.relay.enabled=false",
                "--spring.main.banner-mode=off"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // exactly as the chart's Deployment passes them (JAVA_TOOL_OPTIONS)
        builder.environment().put("JAVA_TOOL_OPTIONS", chart.javaToolOptions());
        todoApi = builder.start();
        await("todo-api with the chart's JVM flags to be live (log: " + log + ")")
                .atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    assertThat(todoApi.isAlive()).as("todo-api exited; log tail:%n%s", logTail()).isTrue();
                    return statusOf(HttpRequest.newBuilder(URI.create(base + "/actuator/health/liveness")).build()) == 200;
                });
    }

    @AfterAll
    static void stop() {
        if (todoApi != null) {
            todoApi.destroy();
            todoApi.onExit().join();
        }
    }

    @Test
    void theChartsHeapIsWhatTheProcessRunsWith() throws IOException {
        ChartLimits chart = ChartLimits.read(CHART_VALUES);
        String metrics = get("/actuator/prometheus").body();
        double heapMax = sumOf(metrics, "jvm_memory_max_bytes\\{[^}]*area=\"heap\"[^}]*}");
        // MaxRAMPercentage of the chart's memory limit, so the flags really apply (and the limit is not the host's)
        assertThat(heapMax).isPositive().isLessThanOrEqualTo(chart.memoryLimitBytes() * 0.8);
    }

    @Test
    void costlyRulesSentAtOnceLeaveTheProcessAliveAndAnswering() throws Exception {
        List<Call> calls = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            for (String rule : Stream.concat(REFUSED.stream(), ACCEPTED_AT_THE_BOUND.stream()).toList()) {
                String body = "{\"title\":\"Costly\",\"due_at\":\"2026-03-02T09:00:00Z\",\"recurrence_pattern\":\"" + rule + "\"}";
                boolean refused = REFUSED.contains(rule);
                // a task of its own per update, so concurrent updates never meet on one version (412)
                long plainTask = createdId("{\"title\":\"plain\",\"due_at\":\"2026-03-02T09:00:00Z\"}");
                calls.add(new Call(refused, json("POST", "/api/" + USER + "/tasks", body)));
                calls.add(new Call(refused, json("PUT", "/api/" + USER + "/tasks/" + plainTask, body)));
                long patched = createdId("{\"title\":\"plain\",\"due_at\":\"2026-03-02T09:00:00Z\"}");
                calls.add(new Call(refused, HttpRequest.newBuilder(URI.create(base + "/api/" + USER + "/tasks/" + patched))
                        .header("Authorization", BEARER).header("Content-Type", "application/merge-patch+json")
                        .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"recurrence_pattern\":\"" + rule + "\"}"))
                        .timeout(Duration.ofSeconds(30)).build()));
            }
        }
        List<Long> atTheBound = new ArrayList<>();
        for (String rule : ACCEPTED_AT_THE_BOUND) {
            HttpResponse<String> created = send(json("POST", "/api/" + USER + "/tasks",
                    "{\"title\":\"At the bound\",\"due_at\":\"2026-03-02T09:00:00Z\",\"recurrence_pattern\":\"" + rule + "\"}"));
            if (created.statusCode() == 201) {
                atTheBound.add(idOf(created));
            }
        }
        assertThat(atTheBound).as("rules at the bound that todo-api accepts").hasSizeGreaterThanOrEqualTo(4);
        for (long id : atTheBound) {
            for (int i = 0; i < 8; i++) {
                calls.add(new Call(false, authorized("/api/" + USER + "/tasks/" + id + "/occurrences?count=100")));
            }
        }

        List<HttpResponse<String>> answers = new ArrayList<>();
        ExecutorService callers = Executors.newFixedThreadPool(16);
        try {
            List<Future<HttpResponse<String>>> sent = calls.stream()
                    .map(call -> callers.submit(() -> http.send(call.request(), HttpResponse.BodyHandlers.ofString())))
                    .toList();
            for (Future<HttpResponse<String>> answer : sent) {
                answers.add(answer.get());
            }
        } finally {
            callers.shutdownNow();
        }

        assertThat(todoApi.isAlive()).as("todo-api died; log tail:%n%s", logTail()).isTrue();
        assertThat(logTail()).doesNotContain("OutOfMemoryError");
        for (int i = 0; i < answers.size(); i++) {
            HttpResponse<String> answer = answers.get(i);
            String what = answer.request().method() + " " + answer.request().uri() + " -> " + answer.body();
            // a rule over the bound is refused every time; one within it may still be refused (it never matches)
            assertThat(answer.statusCode()).as(what).isIn(calls.get(i).refused() ? List.of(400) : List.of(200, 201, 400));
            if (answer.statusCode() == 400) {
                assertThat(answer.headers().firstValue("Content-Type")).as(what).hasValueSatisfying(
                        type -> assertThat(type).startsWith("application/problem+json"));
            }
        }

        // and the next ordinary request is answered as usual
        long next = createdId("{\"title\":\"Next\",\"due_at\":\"2026-03-02T09:00:00Z\",\"recurrence_pattern\":\"weekly\"}");
        HttpResponse<String> preview = send(authorized("/api/" + USER + "/tasks/" + next + "/occurrences?count=3"));
        assertThat(preview.statusCode()).isEqualTo(200);
        // the real clock runs in that process, so the preview starts after today (missed instances are skipped)
        assertThat(preview.body()).contains("\"occurrence\":2").contains("T09:00:00Z");
    }

    // --- helpers

    private static long createdId(String body) {
        HttpResponse<String> created = send(json("POST", "/api/" + USER + "/tasks", body));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return idOf(created);
    }

    private static long idOf(HttpResponse<String> created) {
        Matcher id = Pattern.compile("\"id\"\\s*:\\s*(\\d+)").matcher(created.body());
        assertThat(id.find()).isTrue();
        return Long.parseLong(id.group(1));
    }

    private static HttpRequest json(String method, String path, String body) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", BEARER)
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(30)).build();
    }

    private static HttpRequest authorized(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", BEARER)
                .timeout(Duration.ofSeconds(30)).build();
    }

    private static HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed; log tail:\n" + logTail(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int statusOf(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static double sumOf(String metrics, String series) {
        Matcher line = Pattern.compile("^" + series + "\\s+(\\S+)$", Pattern.MULTILINE).matcher(metrics);
        double sum = 0;
        while (line.find()) {
            double value = Double.parseDouble(line.group(1));
            if (value > 0) {
                sum += value;
            }
        }
        return sum;
    }

    private static String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private record Call(boolean refused, HttpRequest request) {
    }

    /** todo-api's limits and the JVM flags as the chart sets them. */
    record ChartLimits(String javaToolOptions, long memoryLimitBytes, int cpus) {

        @SuppressWarnings("unchecked")
        static ChartLimits read(Path values) throws IOException {
            Map<String, Object> root;
            try (InputStream in = Files.newInputStream(values)) {
                root = new Yaml().load(in);
            }
            Map<String, Object> todoApi = (Map<String, Object>) ((Map<String, Object>) root.get("services")).get("todo-api");
            Map<String, Object> limits = (Map<String, Object>) ((Map<String, Object>) todoApi.get("resources")).get("limits");
            return new ChartLimits((String) root.get("javaToolOptions"), bytes(String.valueOf(limits.get("memory"))),
                    Math.max(1, (int) Math.ceil(cpus(String.valueOf(limits.get("cpu"))))));
        }

        private static long bytes(String quantity) {
            Matcher m = Pattern.compile("(\\d+)(Mi|Gi)").matcher(quantity);
            if (!m.matches()) {
                throw new IllegalArgumentException("unexpected memory limit in the chart: " + quantity);
            }
            return Long.parseLong(m.group(1)) * (m.group(2).equals("Gi") ? 1L << 30 : 1L << 20);
        }

        private static double cpus(String quantity) {
            return quantity.endsWith("m") ? Double.parseDouble(quantity.substring(0, quantity.length() - 1)) / 1000
                    : Double.parseDouble(quantity);
        }
    }
}
