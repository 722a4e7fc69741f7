package dev.todo.localcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chart's NetworkPolicies are enforced on this cluster (kube-router's firewall on the node): a pod outside the
 * release reaches none of the apps' ports, while a pod that carries the release's labels does — so the refusal is
 * the policy, not a broken network. The outside pod also proves it can reach the API server, for the same reason.
 */
@ExtendWith(ClusterDiagnostics.class)
class NetworkPolicyIT {

    static final Map<String, Integer> APP_PORTS = Map.of(
            "todo-api", 8080, "notification-service", 8081, "recurring-service", 8082);
    /** The policy controller adds a new pod's address to its sets a moment after the pod starts. */
    static final int INSIDE_TRIES = 30;
    static final int OUTSIDE_TRIES = 5;
    static final Duration POD_DONE = Duration.ofMinutes(3);
    private static final Pattern RESULT = Pattern.compile("(?m)^(\\S+) (\\d{3})$");

    private static Cluster cluster;
    private static String outsideNamespace;

    @BeforeAll
    static void connect() {
        cluster = Cluster.connect(ClusterState.current());
        outsideNamespace = "netpol-probe-" + UUID.randomUUID().toString().substring(0, 8);
        cluster.client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(outsideNamespace)
                .endMetadata().build()).create();
    }

    @AfterAll
    static void cleanUp() {
        if (cluster != null) {
            cluster.client.namespaces().withName(outsideNamespace).delete();
            for (String pod : List.of("netpol-probe-helm-test", "netpol-probe-service")) {
                cluster.client.pods().inNamespace(cluster.state.namespace()).withName(pod).delete();
            }
            cluster.close();
        }
    }

    @Test
    void aPodOutsideTheReleaseReachesNoAppPortButDoesReachTheApiServer() {
        Map<String, String> codes = probe(outsideNamespace, "outside", Map.of(), OUTSIDE_TRIES, false);
        assertNoAppPortButTheApiServer(codes, "a pod in namespace " + outsideNamespace + " (no release labels)");
    }

    @Test
    void theHelmTestPodReachesEveryAppPort() {
        Map<String, String> labels = Map.of(Cluster.INSTANCE_LABEL, cluster.state.release(),
                "app.kubernetes.io/name", "todo-app", Cluster.COMPONENT_LABEL, "helm-test");
        Map<String, String> codes = probe(cluster.state.namespace(), "netpol-probe-helm-test", labels, INSIDE_TRIES, true);

        for (String app : APP_PORTS.keySet()) {
            assertThat(codes.get(app)).as("%s's readiness from a pod labelled as the release's helm test: %s", app, codes)
                    .isEqualTo("200");
        }
    }

    /**
     * Issue 11: a pod labelled as one of the release's services (as a compromised recurring-service would be)
     * reaches no app port: each app is called by its own sidecar over localhost, so nothing may call another
     * app's Dapr-called routes around its sidecar.
     */
    @Test
    void aPodLabelledAsAnotherServiceReachesNoAppPort() {
        Map<String, String> labels = Map.of(Cluster.INSTANCE_LABEL, cluster.state.release(),
                "app.kubernetes.io/name", "todo-app", Cluster.COMPONENT_LABEL, "recurring-service");
        Map<String, String> codes = probe(cluster.state.namespace(), "netpol-probe-service", labels, OUTSIDE_TRIES, false);
        assertNoAppPortButTheApiServer(codes, "a pod with recurring-service's labels");
    }

    /** Every try at every app port refused (curl code 000), while the API server answers (so the network works). */
    private static void assertNoAppPortButTheApiServer(Map<String, String> codes, String from) {
        for (String app : APP_PORTS.keySet()) {
            assertThat(codes.get(app)).as("%s's port from %s: every try must be refused (curl code 000); all results: %s",
                    app, from, codes).isEqualTo("000");
        }
        assertThat(codes.get("kubernetes")).as("the same pod reaches the API server (so the network itself works): %s",
                codes).isNotEqualTo("000");
    }

    /**
     * Runs a curl pod that tries each app's readiness URL (and the API server) up to {@code tries} times, stopping a
     * target at its first answer when {@code untilAnswered}; returns the last HTTP code per target (000 = no
     * connection).
     */
    private static Map<String, String> probe(String namespace, String name, Map<String, String> labels, int tries,
            boolean untilAnswered) {
        StringBuilder script = new StringBuilder();
        Map<String, String> targets = new LinkedHashMap<>();
        APP_PORTS.forEach((app, port) -> targets.put(app, "http://" + cluster.state.release() + "-" + app + "."
                + cluster.state.namespace() + ".svc:" + port + "/actuator/health/readiness"));
        targets.put("kubernetes", "https://kubernetes.default.svc/readyz");
        targets.forEach((target, url) -> script.append("code=000; i=0; while [ $i -lt ").append(tries)
                .append(" ]; do i=$((i+1)); code=$(curl -sk -o /dev/null -w '%{http_code}' --max-time 2 '")
                .append(url).append("'); ")
                .append(untilAnswered ? "[ \"$code\" = 200 ] && break; " : "")
                .append("sleep 1; done; echo '").append(target).append("' $code\n"));

        Pod pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels)
                .endMetadata()
                .withNewSpec().withRestartPolicy("Never").withAutomountServiceAccountToken(false)
                .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(65532L).withNewSeccompProfile()
                .withType("RuntimeDefault").endSeccompProfile().endSecurityContext()
                .addNewContainer().withName("probe").withImage(cluster.state.require("curl-image"))
                .withCommand("/bin/sh", "-c", script.toString())
                .withNewSecurityContext().withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities().endSecurityContext()
                .endContainer().endSpec().build();
        cluster.client.pods().inNamespace(namespace).resource(pod).create();

        await(name + " probe pod in " + namespace + " finished").atMost(POD_DONE).pollInterval(Duration.ofSeconds(2))
                .until(() -> List.of("Succeeded", "Failed").contains(Cluster.phase(
                        cluster.client.pods().inNamespace(namespace).withName(name).get())));
        String log = cluster.client.pods().inNamespace(namespace).withName(name).getLog();
        Map<String, String> codes = new LinkedHashMap<>();
        Matcher m = RESULT.matcher(log);
        while (m.find()) {
            codes.put(m.group(1), m.group(2));
        }
        assertThat(codes.keySet()).as("probe output:\n%s", log).containsAll(targets.keySet());
        return codes;
    }
}
