package dev.todo.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tracing in the chart (issue 14): one sampling rate and one collector endpoint, given to every sidecar (Dapr
 * Configuration) and every app (Micrometer Tracing's environment), so their spans meet in one backend.
 */
class TracingChartTest {

    private static final String COLLECTOR = "http://zipkin.monitoring:9411/api/v2/spans";

    @Test
    void byDefaultNothingIsSampledOrExported() {
        RenderedChart chart = RenderedChart.render(null, Map.of());

        JsonNode tracing = tracing(chart);
        assertThat(tracing.path("samplingRate").asText()).isEqualTo("0");
        assertThat(tracing.has("zipkin")).isFalse();
        assertThat(apps(chart)).hasSize(3).allSatisfy(app -> assertThat(env(app))
                .containsEntry("MANAGEMENT_TRACING_SAMPLING_PROBABILITY", "0")
                .containsEntry("MANAGEMENT_ZIPKIN_TRACING_EXPORT_ENABLED", "false")
                .doesNotContainKey("MANAGEMENT_ZIPKIN_TRACING_ENDPOINT"));
    }

    @Test
    void sidecarsAndAppsSampleAlikeAndSendToTheSameCollector() {
        RenderedChart chart = RenderedChart.render(null, Map.of("dapr.tracing.samplingRate", "0.25",
                "dapr.tracing.zipkinEndpoint", COLLECTOR));

        JsonNode tracing = tracing(chart);
        assertThat(tracing.path("samplingRate").asText()).isEqualTo("0.25");
        assertThat(tracing.path("zipkin").path("endpointAddress").asText()).isEqualTo(COLLECTOR);
        assertThat(apps(chart)).hasSize(3).allSatisfy(app -> assertThat(env(app))
                .containsEntry("MANAGEMENT_TRACING_SAMPLING_PROBABILITY", "0.25")
                .containsEntry("MANAGEMENT_ZIPKIN_TRACING_ENDPOINT", COLLECTOR)
                .doesNotContainKey("MANAGEMENT_ZIPKIN_TRACING_EXPORT_ENABLED"));
    }

    @Test
    void theSchemaRefusesAnEndpointThatIsNoHttpUrlAndARateOutsideZeroToOne() {
        assertThatThrownBy(() -> RenderedChart.render(null, Map.of("dapr.tracing.zipkinEndpoint", "zipkin:9411")))
                .hasMessageContaining("zipkinEndpoint");
        assertThatThrownBy(() -> RenderedChart.render(null, Map.of("dapr.tracing.samplingRate", "2")))
                .hasMessageContaining("samplingRate");
    }

    private static JsonNode tracing(RenderedChart chart) {
        return chart.named("Configuration", "todo-config").path("spec").path("tracing");
    }

    private static List<JsonNode> apps(RenderedChart chart) {
        return chart.ofKind("Deployment");
    }

    private static Map<String, String> env(JsonNode deployment) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        deployment.path("spec").path("template").path("spec").path("containers").get(0).path("env")
                .forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
        return env;
    }
}
