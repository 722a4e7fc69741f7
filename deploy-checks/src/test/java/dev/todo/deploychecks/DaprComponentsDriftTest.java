package dev.todo.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * dapr-components/*.yaml and the chart are one source of truth: rendered with its defaults (release
 * todo-app in namespace todo, the optional secret store on), the chart deploys exactly these objects
 * with exactly these specs and scopes. The local stack's resiliency policy is the same one.
 */
class DaprComponentsDriftTest {

    private final RenderedChart chart = RenderedChart.render(null, Map.of("dapr.secretStore.enabled", true));

    @Test
    void theChartDeploysExactlyTheDaprObjectsOfTheFiles() {
        List<JsonNode> files = DaprFiles.kubernetes();
        List<JsonNode> rendered = chart.matching(KubernetesModel::isDapr);
        assertThat(keys(rendered)).isEqualTo(keys(files));
        for (JsonNode file : files) {
            String kind = file.path("kind").asText();
            String name = file.path("metadata").path("name").asText();
            JsonNode fromChart = chart.named(kind, name);
            assertThat(fromChart.path("apiVersion")).isEqualTo(file.path("apiVersion"));
            assertThat(fromChart.path("metadata").path("namespace")).isEqualTo(file.path("metadata").path("namespace"));
            assertThat(fromChart.path("spec")).as("spec of %s %s: chart vs dapr-components/", kind, name)
                    .isEqualTo(file.path("spec"));
            assertThat(fromChart.path("scopes")).as("scopes of %s %s: chart vs dapr-components/", kind, name)
                    .isEqualTo(file.path("scopes"));
        }
    }

    @Test
    void theLocalStackUsesTheSameResiliencyPolicy() {
        JsonNode kubernetes = DaprFiles.one(DaprFiles.kubernetes(), "Resiliency", "todo-resiliency");
        JsonNode local = DaprFiles.one(DaprFiles.local(), "Resiliency", "todo-resiliency");
        assertThat(local.path("spec")).isEqualTo(kubernetes.path("spec"));
    }

    @Test
    void theLocalPubSubDiffersOnlyInWhereTheBrokerIs() {
        Map<String, JsonNode> kubernetes = metadata(DaprFiles.one(DaprFiles.kubernetes(), "Component", "kafka-pubsub"));
        Map<String, JsonNode> local = metadata(DaprFiles.one(DaprFiles.local(), "Component", "kafka-pubsub"));
        for (String broker : List.of("brokers", "disableTls")) {
            kubernetes.remove(broker);
            local.remove(broker);
        }
        assertThat(local).isEqualTo(kubernetes);
    }

    @Test
    void theLocalConfigurationMetersAsInKubernetesAndTracesEverythingToTheLocalZipkin() {
        JsonNode kubernetes = DaprFiles.one(DaprFiles.kubernetes(), "Configuration", "todo-config").path("spec");
        JsonNode local = DaprFiles.one(DaprFiles.local(), "Configuration", "todo-config").path("spec");
        assertThat(local.path("metric")).isEqualTo(kubernetes.path("metric"));
        // tracing differs on purpose: the chart's default is off, the local stack runs its own Zipkin (port 9411)
        assertThat(local.path("tracing").path("samplingRate").asText()).isEqualTo("1");
        assertThat(local.path("tracing").path("zipkin").path("endpointAddress").asText())
                .isEqualTo("http://127.0.0.1:9411/api/v2/spans");
    }

    private static Map<String, JsonNode> metadata(JsonNode component) {
        Map<String, JsonNode> byName = new TreeMap<>();
        for (JsonNode item : component.path("spec").path("metadata")) {
            ObjectNode copy = item.deepCopy();
            copy.remove("name");
            byName.put(item.path("name").asText(), copy);
        }
        return byName;
    }

    private static List<String> keys(List<JsonNode> objects) {
        return objects.stream().map(o -> o.path("kind").asText() + "/" + o.path("metadata").path("name").asText())
                .sorted().toList();
    }
}
