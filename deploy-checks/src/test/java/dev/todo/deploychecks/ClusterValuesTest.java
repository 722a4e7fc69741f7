package dev.todo.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * values-cluster.yaml: the one-node cluster built on the build machine (local-cluster/). Every image
 * comes from its registry, PostgreSQL and Kafka run in the release, the Gateway answers for
 * todo.local on Traefik's entryPoint ports, and the Secrets are the cluster script's.
 */
class ClusterValuesTest {

    static final String REGISTRY = "172.30.0.2:5000/todo";

    private final RenderedChart chart = RenderedChart.renderWithTestHooks("values-cluster.yaml",
            Map.of("image.tag", ChartScenario.GIT_SHA));

    @Test
    void everyImageComesFromTheClusterRegistry() throws Exception {
        List<String> images = new ArrayList<>();
        for (JsonNode object : chart.objects()) {
            if (KubernetesModel.isDapr(object)) {
                continue;
            }
            HasMetadata typed = KubernetesModel.strict(object);
            KubernetesModel.podTemplate(typed).map(PodTemplateSpec::getSpec)
                    .ifPresent(pod -> pod.getContainers().forEach(c -> {
                        images.add(c.getImage());
                        assertThat(c.getImagePullPolicy()).as("%s pull policy", c.getImage()).isEqualTo("IfNotPresent");
                    }));
        }
        assertThat(new TreeSet<>(images)).containsExactly(
                REGISTRY + "/curl:bookworm",
                REGISTRY + "/kafka:4.1.1",
                REGISTRY + "/notification-service:" + ChartScenario.GIT_SHA,
                REGISTRY + "/postgresql:15",
                REGISTRY + "/recurring-service:" + ChartScenario.GIT_SHA,
                REGISTRY + "/todo-api:" + ChartScenario.GIT_SHA);
    }

    @Test
    void theReleaseRunsItsOwnPostgresqlAndKafkaWithOneReplicaEach() {
        assertThat(chart.ofKind("StatefulSet")).extracting(s -> s.path("metadata").path("name").asText())
                .containsExactlyInAnyOrder("todo-app-postgresql", "todo-app-kafka");
        for (JsonNode deployment : chart.ofKind("Deployment")) {
            assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(1);
        }
        assertThat(chart.ofKind("HorizontalPodAutoscaler")).isEmpty();
        assertThat(chart.ofKind("PodDisruptionBudget")).isEmpty();
        assertThat(InChartKafkaTest.brokers(chart)).isEqualTo("todo-app-kafka.todo.svc:9092");
        assertThat(env(chart.named("Deployment", "todo-app-todo-api"), "SPRING_DATASOURCE_URL"))
                .isEqualTo("jdbc:postgresql://todo-app-postgresql:5432/todo_api?sslmode=disable");
        assertThat(chart.named("Configuration", "todo-config").path("spec").path("tracing").path("samplingRate").asText())
                .isEqualTo("0");
    }

    @Test
    void theGatewayAnswersForTodoLocalWithTheClusterScriptsCertificate() throws Exception {
        Gateway gateway = (Gateway) KubernetesModel.strict(chart.named("Gateway", "todo-app"));
        assertThat(gateway.getSpec().getGatewayClassName()).isEqualTo("traefik");
        assertThat(gateway.getSpec().getListeners()).extracting(l -> l.getName() + " " + l.getProtocol() + " " + l.getPort()
                + " " + l.getHostname()).containsExactly("https HTTPS 8443 todo.local", "http HTTP 8000 todo.local");
        assertThat(gateway.getSpec().getListeners().get(0).getTls().getCertificateRefs().get(0).getName()).isEqualTo("todo-local-tls");
        assertThat(chart.ofKind("Ingress")).isEmpty();
        assertThat(chart.ofKind("HTTPRoute")).extracting(r -> r.path("metadata").path("name").asText())
                .containsExactlyInAnyOrder("todo-app", "todo-app-https-redirect");
    }

    @Test
    void theSecretsAreTheClusterScriptsAndTheGatewayNamespaceIsTraefik() {
        assertThat(chart.ofKind("Secret")).isEmpty();
        boolean traefik = false;
        for (JsonNode policy : chart.ofKind("NetworkPolicy")) {
            traefik |= policy.toString().contains("\"kubernetes.io/metadata.name\":\"traefik\"");
        }
        assertThat(traefik).isTrue();
    }

    static String env(JsonNode deployment, String name) {
        for (JsonNode e : deployment.path("spec").path("template").path("spec").path("containers").get(0).path("env")) {
            if (name.equals(e.path("name").asText())) {
                return e.path("value").asText();
            }
        }
        throw new AssertionError(name + " not set");
    }
}
