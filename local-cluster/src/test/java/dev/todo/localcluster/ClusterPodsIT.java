package dev.todo.localcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SPEC §8.1 on Kubernetes: every service's pod runs {@code 2/2} with a daprd that Dapr's sidecar injector put
 * there, the Dapr control plane is ready, and each sidecar has loaded its components and registered its app's
 * subscriptions (asked through daprd's own metadata API, port-forwarded, with the app's Dapr API token).
 */
@ExtendWith(ClusterDiagnostics.class)
class ClusterPodsIT {

    /** The marks Dapr 1.18's injector leaves on a pod it patched (pkg/injector/patcher/sidecar_patcher.go). */
    static final String INJECTED_LABEL = "dapr.io/sidecar-injected";
    static final String APP_ID_LABEL = "dapr.io/app-id";
    static final String ENABLED_ANNOTATION = "dapr.io/enabled";
    /** The chart names the Secret holding the app's Dapr API token in this annotation (Dapr's contract, key "token"). */
    static final String API_TOKEN_SECRET_ANNOTATION = "dapr.io/api-token-secret";
    static final int DAPR_HTTP_PORT = 3500;
    /** Control-plane services that must run (placement is optional: the apps use no actors). */
    static final List<String> CONTROL_PLANE = List.of("dapr-operator", "dapr-sidecar-injector", "dapr-sentry",
            "dapr-scheduler-server");
    /** "topic -> dead-letter topic" each app subscribes on kafka-pubsub (prefix match: the DLQ of task-updates is not fixed). */
    static final Map<String, List<String>> SUBSCRIPTIONS = Map.of(
            "todo-api", List.of(),
            "notification-service", List.of("reminders -> reminders-dlq", "task-updates"),
            "recurring-service", List.of("task-events -> task-events-dlq"));
    static final Duration SETTLE = Duration.ofMinutes(3);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Cluster cluster;

    @BeforeAll
    static void connect() {
        cluster = Cluster.connect(ClusterState.current());
    }

    @AfterAll
    static void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"todo-api", "notification-service", "recurring-service"})
    void eachServicePodIsTwoOfTwoRunningAndReadyWithAnInjectedDaprd(String app) {
        await("every " + app + " pod 2/2 Running and Ready").atMost(SETTLE).pollInterval(Duration.ofSeconds(3))
                .untilAsserted(() -> {
                    List<Pod> pods = cluster.activeAppPods(app);
                    assertThat(pods).as("%s: pods labelled %s=%s, %s=%s", app, Cluster.INSTANCE_LABEL,
                            cluster.state.release(), Cluster.COMPONENT_LABEL, app).isNotEmpty();
                    for (Pod pod : pods) {
                        assertThat(Cluster.twoOfTwoRunningAndReady(pod)).as("%s: %s", app, Cluster.describe(pod)).isTrue();
                    }
                });
        for (Pod pod : cluster.activeAppPods(app)) {
            String name = app + " pod " + pod.getMetadata().getName();
            Map<String, String> annotations = Objects.requireNonNullElse(pod.getMetadata().getAnnotations(), Map.of());
            Map<String, String> labels = Objects.requireNonNullElse(pod.getMetadata().getLabels(), Map.of());
            assertThat(annotations).as(name + " asks for a sidecar").containsEntry(ENABLED_ANNOTATION, "true");
            assertThat(labels).as(name + " was patched by Dapr's sidecar injector")
                    .containsEntry(INJECTED_LABEL, "true")
                    .containsEntry(APP_ID_LABEL, app);
            assertThat(Cluster.longRunningContainers(pod)).as(name + " containers").extracting(Container::getName)
                    .containsExactlyInAnyOrder(app, Cluster.DAPRD);
            Container daprd = Cluster.container(pod, Cluster.DAPRD).orElseThrow();
            assertThat(daprd.getArgs()).as(name + " daprd runs as this app").containsSequence("--app-id", app);
        }
    }

    @Test
    void theDaprControlPlaneIsReady() {
        String namespace = cluster.state.daprNamespace();
        await("Dapr control plane in " + namespace).atMost(SETTLE).pollInterval(Duration.ofSeconds(3)).untilAsserted(() -> {
            List<Pod> pods = cluster.client.pods().inNamespace(namespace).list().getItems().stream()
                    .filter(p -> !"Succeeded".equals(Cluster.phase(p))).toList();
            for (String service : CONTROL_PLANE) {
                assertThat(pods).as("%s: a pod labelled app=%s in %s", service, service, namespace)
                        .anyMatch(p -> service.equals(label(p, "app")));
            }
            for (Pod pod : pods) {
                assertThat("Running".equals(Cluster.phase(pod)) && Cluster.ready(pod))
                        .as("Dapr control plane: %s", Cluster.describe(pod)).isTrue();
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"todo-api", "notification-service", "recurring-service"})
    void eachSidecarLoadedItsComponentsAndRegisteredItsSubscriptions(String app) throws Exception {
        Pod pod = cluster.onlyActivePod(app);
        String token = daprApiToken(pod);
        try (LocalPortForward forward = cluster.client.pods().inNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName())
                .portForward(DAPR_HTTP_PORT, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0)) {
            String base = "http://127.0.0.1:" + forward.getLocalPort();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

            HttpResponse<String> health = get(http, base + "/v1.0/healthz", null);
            assertThat(health.statusCode()).as("%s daprd /v1.0/healthz: %s", app, health.body()).isEqualTo(204);
            HttpResponse<String> refused = get(http, base + "/v1.0/metadata", null);
            assertThat(refused.statusCode()).as("%s daprd refuses its API without the token", app).isEqualTo(401);

            HttpResponse<String> response = get(http, base + "/v1.0/metadata", token);
            assertThat(response.statusCode()).as("%s daprd /v1.0/metadata: %s", app, response.body()).isEqualTo(200);
            JsonNode metadata = JSON.readTree(response.body());
            assertThat(metadata.path("id").asText()).as(app + " daprd app id").isEqualTo(app);

            List<String> components = new ArrayList<>();
            metadata.path("components").forEach(c -> components.add(c.path("name").asText()));
            assertThat(components).as(app + " daprd components").contains("kafka-pubsub");
            if (app.equals("recurring-service")) {
                assertThat(components).as(app + " daprd components").contains("statestore");
            } else {
                assertThat(components).as(app + " daprd components (the state store is scoped to recurring-service)")
                        .doesNotContain("statestore");
            }

            List<String> subscriptions = new ArrayList<>();
            metadata.path("subscriptions").forEach(s -> {
                if ("kafka-pubsub".equals(s.path("pubsubname").asText())) {
                    subscriptions.add(s.path("topic").asText() + " -> " + s.path("deadLetterTopic").asText());
                }
            });
            for (String expected : SUBSCRIPTIONS.get(app)) {
                assertThat(subscriptions).as("%s daprd subscriptions (metadata: %s)", app, response.body())
                        .anyMatch(s -> s.startsWith(expected));
            }
            if (SUBSCRIPTIONS.get(app).isEmpty()) {
                assertThat(subscriptions).as(app + " subscribes to nothing").isEmpty();
            }
        }
    }

    /** The token the app sends its sidecar: the Secret the pod's dapr.io/api-token-secret names, key "token". */
    private static String daprApiToken(Pod pod) {
        String secretName = pod.getMetadata().getAnnotations().get(API_TOKEN_SECRET_ANNOTATION);
        assertThat(secretName).as("pod %s has %s", pod.getMetadata().getName(), API_TOKEN_SECRET_ANNOTATION).isNotBlank();
        Secret secret = cluster.client.secrets().inNamespace(pod.getMetadata().getNamespace()).withName(secretName).get();
        assertThat(secret).as("Secret " + secretName).isNotNull();
        String encoded = secret.getData() == null ? null : secret.getData().get("token");
        assertThat(encoded).as("Secret %s key token", secretName).isNotBlank();
        return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8).strip();
    }

    private static HttpResponse<String> get(HttpClient http, String url, String daprApiToken) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
        if (daprApiToken != null) {
            request.header("dapr-api-token", daprApiToken);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String label(Pod pod, String key) {
        return pod.getMetadata().getLabels() == null ? null : pod.getMetadata().getLabels().get(key);
    }
}
