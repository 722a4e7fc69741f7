package dev.todo.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Values that change what the chart renders: an existing Gateway, storage classes, images, the sidecar. */
class ChartOptionsTest {

    @Test
    void withoutCreateTheRouteAttachesToAnExistingGateway() throws Exception {
        RenderedChart chart = RenderedChart.render(null, Map.of("gateway.create", false,
                "gateway.parentRefs[0].name", "shared", "gateway.parentRefs[0].namespace", "gateways",
                "gateway.parentRefs[0].sectionName", "websecure"));
        assertThat(chart.ofKind("Gateway")).isEmpty();
        assertThat(chart.ofKind("HTTPRoute")).as("no redirect route: the shared Gateway's owner handles plain HTTP")
                .extracting(r -> r.path("metadata").path("name").asText()).containsExactly("todo-app");
        HTTPRoute route = (HTTPRoute) KubernetesModel.strict(chart.named("HTTPRoute", "todo-app"));
        assertThat(route.getSpec().getParentRefs()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("shared");
            assertThat(p.getNamespace()).isEqualTo("gateways");
            assertThat(p.getSectionName()).isEqualTo("websecure");
        });
        assertThatThrownBy(() -> RenderedChart.render(null, Map.of("gateway.create", false)))
                .hasMessageContaining("/gateway/parentRefs");
    }

    @Test
    void theGatewayTakesListenerPortsAnnotationsAndARedirectPortFromValues() {
        RenderedChart chart = RenderedChart.render(null, Map.of("gateway.listeners.https.port", 443,
                "gateway.listeners.http.port", 80, "gateway.listeners.http.redirectPort", 30443,
                "gateway.annotations.cert-manager\\.io/cluster-issuer", "letsencrypt-staging"));
        JsonNode gateway = chart.named("Gateway", "todo-app");
        assertThat(gateway.path("spec").path("listeners").get(0).path("port").asInt()).isEqualTo(443);
        assertThat(gateway.path("spec").path("listeners").get(1).path("port").asInt()).isEqualTo(80);
        assertThat(gateway.path("metadata").path("annotations").path("cert-manager.io/cluster-issuer").asText())
                .isEqualTo("letsencrypt-staging");
        assertThat(chart.named("HTTPRoute", "todo-app-https-redirect").path("spec").path("rules").get(0).path("filters").get(0)
                .path("requestRedirect").path("port").asInt()).isEqualTo(30443);
    }

    @Test
    void theGatewayCanBeSwitchedOff() {
        RenderedChart chart = RenderedChart.render(null, Map.of("gateway.enabled", false));
        assertThat(chart.ofKind("Gateway")).isEmpty();
        assertThat(chart.ofKind("HTTPRoute")).isEmpty();
    }

    @Test
    void postgresqlTakesItsStorageClassFromValues() throws Exception {
        StatefulSet byDefault = (StatefulSet) KubernetesModel.strict(
                RenderedChart.render(null, Map.of()).named("StatefulSet", "todo-app-postgresql"));
        assertThat(byDefault.getSpec().getVolumeClaimTemplates().get(0).getSpec().getStorageClassName())
                .as("empty = the cluster's default class").isNull();
        StatefulSet fast = (StatefulSet) KubernetesModel.strict(RenderedChart.render(null,
                Map.of("postgresql.storageClassName", "fast-ssd", "postgresql.image", "registry.local:5000/todo/postgresql:15"))
                .named("StatefulSet", "todo-app-postgresql"));
        assertThat(fast.getSpec().getVolumeClaimTemplates().get(0).getSpec().getStorageClassName()).isEqualTo("fast-ssd");
        assertThat(fast.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("registry.local:5000/todo/postgresql:15");
        assertThat(fast.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser()).isEqualTo(70L);
    }

    @Test
    void imagesMayComeFromARegistryWithAPortAndNeverFloat() {
        RenderedChart.render(null, Map.of("tests.image", "172.30.0.2:5000/todo/curl:bookworm",
                "postgresql.image", "172.30.0.2:5000/todo/postgresql:15"));
        assertThatThrownBy(() -> RenderedChart.render(null, Map.of("tests.image", "172.30.0.2:5000/todo/curl:latest")))
                .hasMessageContaining("/tests/image");
        assertThatThrownBy(() -> RenderedChart.render(null, Map.of("tests.image", "172.30.0.2:5000/todo/curl")))
                .as("no tag means :latest").hasMessageContaining("/tests/image");
        assertThatThrownBy(() -> RenderedChart.render(null, Map.of("postgresql.image", "postgres:stable")))
                .hasMessageContaining("/postgresql/image");
    }

    @Test
    void theSidecarImageIsSetOnlyThroughItsValue() {
        JsonNode annotations = RenderedChart.render(null, Map.of("dapr.sidecarImage", "172.30.0.2:5000/dapr/daprd:1.18.2"))
                .named("Deployment", "todo-app-todo-api").path("spec").path("template").path("metadata").path("annotations");
        assertThat(annotations.path("dapr.io/sidecar-image").asText()).isEqualTo("172.30.0.2:5000/dapr/daprd:1.18.2");
        assertThat(RenderedChart.render(null, Map.of()).named("Deployment", "todo-app-todo-api").path("spec").path("template")
                .path("metadata").path("annotations").has("dapr.io/sidecar-image")).isFalse();
    }

    @Test
    void theShutdownTimingComesFromValues() {
        JsonNode template = RenderedChart.render(null, Map.of("shutdown.preStopSleepSeconds", 15,
                "shutdown.terminationGracePeriodSeconds", 90, "dapr.blockShutdownSeconds", 50, "dapr.gracefulShutdownSeconds", 25))
                .named("Deployment", "todo-app-notification-service").path("spec").path("template");
        assertThat(template.path("spec").path("terminationGracePeriodSeconds").asInt()).isEqualTo(90);
        assertThat(template.path("spec").path("containers").get(0).path("lifecycle").path("preStop").path("sleep")
                .path("seconds").asInt()).isEqualTo(15);
        assertThat(template.path("metadata").path("annotations").path("dapr.io/block-shutdown-duration").asText()).isEqualTo("50s");
        assertThat(template.path("metadata").path("annotations").path("dapr.io/graceful-shutdown-seconds").asText()).isEqualTo("25");
    }
}
