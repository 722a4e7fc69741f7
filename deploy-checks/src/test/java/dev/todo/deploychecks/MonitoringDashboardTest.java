package dev.todo.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard (helm/todo-app/files/grafana/todo-platform.json) is checked the honest way we have
 * without a Grafana: the JSON parses and has the structure Grafana's dashboard model needs (unique panel
 * ids, grid positions inside 24 columns, a Prometheus datasource variable on every query); every query is
 * parsed by Prometheus's own PromQL parser (promql-metrics, built with promtool) after the Grafana
 * variables are replaced by sample values; and every metric name a query or an alert selects is one that
 * docs/CONVENTIONS.md lists as exported by the services, daprd or Prometheus. Whether the services really
 * export those names is asserted by their ITs (e.g. notification-service's OperatorMetricsIT).
 */
class MonitoringDashboardTest {

    static final Path DASHBOARD = ProjectFiles.resolve("helm/todo-app/files/grafana/todo-platform.json");
    private static final Path CONVENTIONS = ProjectFiles.resolve("docs/CONVENTIONS.md");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> HISTOGRAM_SUFFIXES = Set.of("_bucket", "_count", "_sum");

    @Test
    void theDashboardHasTheStructureGrafanaLoads() throws Exception {
        JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());

        assertThat(dashboard.path("uid").asText()).matches("[a-z0-9-]{1,40}");
        assertThat(dashboard.path("title").asText()).isNotBlank();
        assertThat(dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
        assertThat(dashboard.has("id")).as("no database id: the sidecar provisions it by uid").isFalse();
        assertThat(variables(dashboard)).containsKeys("datasource", "namespace");
        assertThat(variables(dashboard).get("datasource").path("query").asText()).isEqualTo("prometheus");

        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : panels(dashboard)) {
            String what = "panel " + panel.path("title").asText();
            assertThat(ids.add(panel.path("id").asInt())).as(what + " has a unique id").isTrue();
            JsonNode grid = panel.path("gridPos");
            assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as(what + " fits in 24 columns").isLessThanOrEqualTo(24);
            assertThat(grid.path("h").asInt()).as(what).isPositive();
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.path("type").asText()).as(what).isIn("timeseries", "stat", "gauge", "table");
            assertThat(panel.path("targets")).as(what + " has queries").isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("datasource").path("uid").asText()).as(what).isEqualTo("${datasource}");
                assertThat(target.path("expr").asText()).as(what).isNotBlank();
            }
        }
    }

    @Test
    void everyQueryParsesAndSelectsOnlyDocumentedMetrics() throws Exception {
        Map<String, String> queries = new LinkedHashMap<>();
        for (JsonNode panel : panels(JSON.readTree(DASHBOARD.toFile()))) {
            for (JsonNode target : panel.path("targets")) {
                queries.put(panel.path("title").asText() + " " + target.path("refId").asText(),
                        withSampleVariables(target.path("expr").asText()));
            }
        }

        Set<String> selected = selectedMetrics(queries);

        assertThat(selected).allSatisfy(name -> assertThat(isDocumented(name)).as(
                "%s is used by the dashboard but not listed in docs/CONVENTIONS.md's metrics table", name).isTrue());
        // the operator's questions of issue 14, one metric each
        assertThat(selected).contains("http_server_requests_seconds_count", "http_server_requests_seconds_bucket",
                "todo_outbox_pending", "todo_outbox_oldest_pending_age_seconds", "todo_pubsub_messages_total",
                "todo_pubsub_dead_letters_total", "notification_reminder_lateness_seconds_bucket",
                "notification_stream_connections", "up");
    }

    @Test
    void everyAlertSelectsOnlyDocumentedMetrics() throws Exception {
        Map<String, String> expressions = new LinkedHashMap<>();
        for (JsonNode group : YAML.readTree(PrometheusRulesTest.ALERTS.toFile()).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                expressions.put(rule.path("alert").asText(), rule.path("expr").asText().replace('\n', ' '));
            }
        }

        assertThat(selectedMetrics(expressions)).allSatisfy(name -> assertThat(isDocumented(name)).as(
                "%s is used by an alert but not listed in docs/CONVENTIONS.md's metrics table", name).isTrue());
    }

    @Test
    void theParserRefusesABrokenQuery() {
        assertThat(PrometheusTools.promqlMetrics(List.of("sum(rate(up[5m])", "up")).exit()).isEqualTo(1);
        assertThat(PrometheusTools.promqlMetrics(List.of("{todo_app=\"x\"}")).exit())
                .as("a selector without a metric name").isEqualTo(1);
    }

    @Test
    void theDashboardConfigMapRendersOnlyWhenSwitchedOnForGrafanasSidecar() throws Exception {
        assertThat(RenderedChart.render(null, Map.of()).ofKind("ConfigMap"))
                .noneMatch(c -> c.path("metadata").path("labels").has("grafana_dashboard"));

        RenderedChart chart = RenderedChart.render(null, Map.of("monitoring.dashboards.enabled", true,
                "monitoring.dashboards.annotations.grafana_folder", "Todo"));

        JsonNode configMap = chart.named("ConfigMap", "todo-app-dashboards");
        assertThat(configMap.path("metadata").path("labels").path("grafana_dashboard").asText()).isEqualTo("1");
        assertThat(configMap.path("metadata").path("annotations").path("grafana_folder").asText()).isEqualTo("Todo");
        assertThat(JSON.readTree(configMap.path("data").path("todo-platform.json").asText()))
                .isEqualTo(JSON.readTree(DASHBOARD.toFile()));
    }

    /** Grafana replaces these before the query reaches Prometheus; sample values make it parseable PromQL. */
    static String withSampleVariables(String expr) {
        return expr.replace("$__rate_interval", "5m").replace("$__interval", "1m").replace("$__range", "1h")
                .replaceAll("\\$\\{?[A-Za-z_][A-Za-z0-9_]*}?", "sample");
    }

    private static Set<String> selectedMetrics(Map<String, String> queries) {
        List<String> labels = new ArrayList<>(queries.keySet());
        PrometheusTools.Result parsed = PrometheusTools.promqlMetrics(new ArrayList<>(queries.values()));
        assertThat(parsed.exit()).as("PromQL parse errors (line = query number, from 1: %s):%n%s", labels, parsed.stderr())
                .isZero();
        Set<String> names = new HashSet<>();
        parsed.stdout().lines().forEach(line -> {
            String[] parts = line.split("\t", 2);
            assertThat(parts[1]).as("%s selects a metric", labels.get(Integer.parseInt(parts[0]) - 1)).isNotBlank();
            names.addAll(List.of(parts[1].split(" ")));
        });
        assertThat(parsed.stdout().lines().count()).isEqualTo(queries.size());
        return names;
    }

    private static boolean isDocumented(String name) {
        Map<String, String> documented = documentedMetrics();
        if (documented.containsKey(name)) {
            return !documented.get(name).equals("histogram");
        }
        return HISTOGRAM_SUFFIXES.stream().anyMatch(suffix -> name.endsWith(suffix)
                && "histogram".equals(documented.get(name.substring(0, name.length() - suffix.length()))));
    }

    /** The rows of CONVENTIONS.md's metrics table: `prometheus_name` | type | ... */
    static Map<String, String> documentedMetrics() {
        try {
            String doc = Files.readString(CONVENTIONS);
            int section = doc.indexOf("\n## Metrics");
            assertThat(section).as("docs/CONVENTIONS.md has a '## Metrics' section").isPositive();
            int end = doc.indexOf("\n## ", section + 1);
            String table = doc.substring(section, end < 0 ? doc.length() : end);
            Map<String, String> metrics = new LinkedHashMap<>();
            Matcher row = Pattern.compile("(?m)^\\| `([a-z_:][a-z0-9_:]*)` \\| ([a-z]+) \\|").matcher(table);
            while (row.find()) {
                metrics.put(row.group(1), row.group(2));
            }
            assertThat(metrics).isNotEmpty();
            return metrics;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<String, JsonNode> variables(JsonNode dashboard) {
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        dashboard.path("templating").path("list").forEach(v -> byName.put(v.path("name").asText(), v));
        return byName;
    }

    private static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            all.add(panel);
            panel.path("panels").forEach(all::add);
        }
        return all;
    }
}
