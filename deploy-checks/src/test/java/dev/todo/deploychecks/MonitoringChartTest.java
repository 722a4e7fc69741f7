package dev.todo.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus Operator objects (monitoring.serviceMonitor / monitoring.podMonitor): off by default, and
 * when on they select the release's three services and their daprd on the ports the chart opens to the
 * monitoring namespace.
 */
class MonitoringChartTest {

    private static final Set<String> APPS = Set.of("todo-api", "notification-service", "recurring-service");

    @Test
    void monitorsAreOffByDefault() {
        RenderedChart chart = RenderedChart.render(null, Map.of());
        assertThat(chart.ofKind("ServiceMonitor")).isEmpty();
        assertThat(chart.ofKind("PodMonitor")).isEmpty();
    }

    @Test
    void theServiceMonitorScrapesEveryServicesActuatorOnItsHttpPort() {
        RenderedChart chart = RenderedChart.render(null, Map.of("monitoring.serviceMonitor.enabled", true,
                "monitoring.serviceMonitor.labels.release", "kube-prometheus-stack"));
        assertThat(chart.ofKind("PodMonitor")).as("each switch on its own").isEmpty();

        JsonNode monitor = chart.named("ServiceMonitor", "todo-app-apps");
        assertThat(monitor.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(monitor.path("metadata").path("labels").path("release").asText()).isEqualTo("kube-prometheus-stack");
        JsonNode spec = monitor.path("spec");
        assertThat(texts(spec.path("namespaceSelector").path("matchNames"))).containsExactly(RenderedChart.NAMESPACE);
        JsonNode endpoint = spec.path("endpoints").get(0);
        assertThat(endpoint.path("port").asText()).isEqualTo("http");
        assertThat(endpoint.path("path").asText()).isEqualTo("/actuator/prometheus");
        assertThat(relabelTargets(endpoint)).containsEntry("todo_target", "app");

        List<JsonNode> services = chart.ofKind("Service");
        List<JsonNode> selected = services.stream().filter(s -> selects(spec.path("selector"), s.path("metadata").path("labels"))).toList();
        assertThat(selected).extracting(s -> s.path("metadata").path("labels").path("app.kubernetes.io/component").asText())
                .containsExactlyInAnyOrderElementsOf(APPS);
        assertThat(selected).allSatisfy(s -> assertThat(s.path("spec").path("ports").findValuesAsText("name")).contains("http"));
    }

    @Test
    void thePodMonitorScrapesEachPodsDaprdMetricsPort() {
        RenderedChart chart = RenderedChart.render(null, Map.of("monitoring.podMonitor.enabled", true));
        assertThat(chart.ofKind("ServiceMonitor")).isEmpty();

        JsonNode spec = chart.named("PodMonitor", "todo-app-daprd").path("spec");
        JsonNode endpoint = spec.path("podMetricsEndpoints").get(0);
        // the port name Dapr's sidecar injector gives dapr.io/metrics-port
        assertThat(endpoint.path("port").asText()).isEqualTo("dapr-metrics");
        assertThat(relabelTargets(endpoint)).containsEntry("todo_target", "daprd");

        List<JsonNode> deployments = chart.ofKind("Deployment");
        assertThat(deployments).hasSize(APPS.size()).allSatisfy(d -> {
            JsonNode template = d.path("spec").path("template").path("metadata");
            assertThat(selects(spec.path("selector"), template.path("labels"))).as(d.path("metadata").path("name").asText()).isTrue();
            assertThat(template.path("annotations").path("dapr.io/enable-metrics").asText()).isEqualTo("true");
            assertThat(template.path("annotations").path("dapr.io/metrics-port").asText()).isEqualTo("9090");
        });
        assertThat(chart.ofKind("StatefulSet")).as("PostgreSQL has no daprd")
                .noneMatch(s -> selects(spec.path("selector"), s.path("spec").path("template").path("metadata").path("labels")));
    }

    @Test
    void theMonitoringNamespaceMayScrapeTheAppAndDaprdPorts() throws Exception {
        RenderedChart chart = RenderedChart.render(null, Map.of("networkPolicy.monitoringNamespace", "monitoring",
                "monitoring.serviceMonitor.enabled", true, "monitoring.podMonitor.enabled", true));
        for (String app : APPS) {
            NetworkPolicy policy = (NetworkPolicy) KubernetesModel.strict(chart.named("NetworkPolicy", "todo-app-" + app));
            int appPort = chart.named("Service", "todo-app-" + app).path("spec").path("ports").get(0).path("port").asInt();
            List<NetworkPolicyIngressRule> fromMonitoring = policy.getSpec().getIngress().stream()
                    .filter(rule -> rule.getFrom().stream().anyMatch(peer -> peer.getNamespaceSelector() != null
                            && "monitoring".equals(peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name"))))
                    .toList();
            assertThat(fromMonitoring).as(app).singleElement().satisfies(rule -> assertThat(rule.getPorts())
                    .extracting(p -> p.getPort().getIntVal()).containsExactlyInAnyOrder(appPort, 9090));
        }
    }

    @Test
    void theMonitoringObjectsDecodeStrictlyIntoThePrometheusOperatorsTypes() {
        RenderedChart chart = RenderedChart.render(null, Map.of("monitoring.serviceMonitor.enabled", true,
                "monitoring.podMonitor.enabled", true, "monitoring.prometheusRule.enabled", true));
        List<String> documents = chart.matching(o -> o.path("apiVersion").asText().equals("monitoring.coreos.com/v1"))
                .stream().map(JsonNode::toString).toList();

        PrometheusTools.Result decoded = PrometheusTools.monitoringObjects(documents);

        assertThat(decoded.exit()).as(decoded.output()).isZero();
        assertThat(decoded.stdout().lines().map(line -> line.substring(line.indexOf('\t') + 1))).containsExactlyInAnyOrder("ServiceMonitor/todo-app-apps ok",
                "PodMonitor/todo-app-daprd ok", "PrometheusRule/todo-app-alerts ok");
        String misspelled = documents.stream().filter(d -> d.contains("\"PodMonitor\"")).findFirst().orElseThrow()
                .replace("podMetricsEndpoints", "podMetricEndpoints");
        assertThat(PrometheusTools.monitoringObjects(List.of(misspelled)).exit()).as("a misspelled field").isEqualTo(1);
    }

    private static boolean selects(JsonNode selector, JsonNode labels) {
        boolean matchLabels = StreamSupport.stream(((Iterable<Map.Entry<String, JsonNode>>) selector.path("matchLabels")::fields)
                .spliterator(), false).allMatch(e -> e.getValue().asText().equals(labels.path(e.getKey()).asText()));
        boolean matchExpressions = StreamSupport.stream(selector.path("matchExpressions").spliterator(), false)
                .allMatch(expression -> {
                    assertThat(expression.path("operator").asText()).isEqualTo("In");
                    return texts(expression.path("values")).contains(labels.path(expression.path("key").asText()).asText());
                });
        return matchLabels && matchExpressions;
    }

    private static Map<String, String> relabelTargets(JsonNode endpoint) {
        return StreamSupport.stream(endpoint.path("relabelings").spliterator(), false)
                .filter(r -> r.has("replacement"))
                .collect(Collectors.toMap(r -> r.path("targetLabel").asText(), r -> r.path("replacement").asText()));
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
