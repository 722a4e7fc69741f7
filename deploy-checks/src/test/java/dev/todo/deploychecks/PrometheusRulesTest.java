package dev.todo.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart's alert rules (helm/todo-app/files/prometheus/alerts.yaml) pass `promtool check rules` and the
 * promtool unit tests in src/test/resources/prometheus/alerts-test.yaml, and the PrometheusRule the chart
 * renders carries exactly those rules.
 */
class PrometheusRulesTest {

    static final Path ALERTS = ProjectFiles.resolve("helm/todo-app/files/prometheus/alerts.yaml");
    static final Path UNIT_TESTS = ProjectFiles.resolve("deploy-checks/src/test/resources/prometheus/alerts-test.yaml");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void promtoolChecksTheRules(@TempDir Path dir) throws Exception {
        Path rules = PrometheusTools.copyInto(dir, ALERTS);

        PrometheusTools.Result check = PrometheusTools.promtool(dir, "check", "rules", "--lint=all",
                "--lint-fatal", rules.getFileName().toString());

        assertThat(check.exit()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: " + alertNames().size() + " rules found");
    }

    @Test
    void promtoolUnitTestsPass(@TempDir Path dir) throws Exception {
        PrometheusTools.copyInto(dir, ALERTS);
        Path tests = PrometheusTools.copyInto(dir, UNIT_TESTS);

        PrometheusTools.Result run = PrometheusTools.promtool(dir, "test", "rules", tests.getFileName().toString());

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("SUCCESS");
    }

    @Test
    void everyAlertHasAUnitTestThatFiresAndOneThatDoesNot() throws Exception {
        JsonNode tests = YAML.readTree(UNIT_TESTS.toFile()).path("tests");
        Map<Boolean, Set<String>> byFiring = StreamSupport.stream(tests.spliterator(), false)
                .flatMap(test -> StreamSupport.stream(test.path("alert_rule_test").spliterator(), false))
                .collect(Collectors.partitioningBy(check -> !check.path("exp_alerts").isEmpty(),
                        Collectors.mapping(check -> check.path("alertname").asText(), Collectors.toSet())));

        assertThat(byFiring.get(true)).as("alerts with a firing case").containsExactlyInAnyOrderElementsOf(alertNames());
        assertThat(byFiring.get(false)).as("alerts with a silent case").containsExactlyInAnyOrderElementsOf(alertNames());
    }

    @Test
    void thePrometheusRuleRendersOnlyWhenSwitchedOnAndCarriesTheFileRules() throws Exception {
        assertThat(RenderedChart.render(null, Map.of()).ofKind("PrometheusRule")).isEmpty();

        RenderedChart chart = RenderedChart.render(null, Map.of("monitoring.prometheusRule.enabled", true,
                "monitoring.prometheusRule.labels.release", "kube-prometheus-stack"));

        JsonNode rule = chart.named("PrometheusRule", "todo-app-alerts");
        assertThat(rule.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(rule.path("metadata").path("labels").path("release").asText()).isEqualTo("kube-prometheus-stack");
        assertThat(rule.path("spec")).isEqualTo(YAML.readTree(ALERTS.toFile()));
    }

    static Set<String> alertNames() throws Exception {
        return StreamSupport.stream(YAML.readTree(ALERTS.toFile()).path("groups").spliterator(), false)
                .flatMap(group -> StreamSupport.stream(group.path("rules").spliterator(), false))
                .map(rule -> rule.path("alert").asText())
                .collect(Collectors.toSet());
    }
}
