package dev.todo.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The verifier against fabric8's Kubernetes mock API server in CRUD mode: a healthy release passes,
 * and each kind of breakage is reported by name with exit status 1.
 */
@EnableKubernetesMockClient(crud = true)
class DeployVerifierTest {

    KubernetesMockServer server;
    KubernetesClient client;
    ClusterFixtures cluster;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);

    @BeforeEach
    void healthyRelease() {
        cluster = new ClusterFixtures(client).healthyRelease();
    }

    private int verify(String... args) throws InterruptedException {
        return DeployVerifier.run(args, server::createClient, clock, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String report() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aHealthyReleasePassesAndSaysWhatItChecked() throws Exception {
        assertThat(verify()).isZero();
        assertThat(report())
                .contains("[ OK ] todo-app-todo-api: 2/2 available, 2 updated")
                .contains("[ OK ] pod/recurring-service-5d8f7c9b4-b2: daprd ready")
                .contains("[ OK ] component/kafka-pubsub: type pubsub.kafka")
                .contains("[ OK ] component/statestore: type state.postgresql")
                .contains("[ OK ] configuration/todo-config")
                .contains("[ OK ] resiliency/todo-resiliency")
                .contains("[ OK ] kafka/todo-kafka: Ready=True")
                .contains("[ OK ] kafkatopic/reminders-dlq: Ready=True")
                .doesNotContain("postgresql-0")
                .contains("RESULT: PASSED");
    }

    @Test
    void anUnavailableDeploymentFails() throws Exception {
        cluster.deployment("notification-service", 2, 0, false);
        assertThat(verify()).isEqualTo(1);
        assertThat(report()).contains("[FAIL] todo-app-notification-service: 0/2 available, 2 updated - Available=False")
                .contains("RESULT: FAILED (1 of");
    }

    @Test
    void aPodWhoseDaprdIsNotReadyFails() throws Exception {
        cluster.pod("todo-api-5d8f7c9b4-a1", "todo-api", true, false);
        assertThat(verify()).isEqualTo(1);
        assertThat(report()).contains("[FAIL] pod/todo-api-5d8f7c9b4-a1: daprd not ready - CrashLoopBackOff (4 restarts)");
    }

    @Test
    void aPodWithoutDaprdFails() throws Exception {
        cluster.pod("recurring-service-7c9b4d8f5-c3", "recurring-service", false, false);
        assertThat(verify()).isEqualTo(1);
        assertThat(report()).contains("[FAIL] pod/recurring-service-7c9b4d8f5-c3: no daprd container");
    }

    @Test
    void aMissingComponentFails() throws Exception {
        cluster.delete(ClusterFixtures.COMPONENTS, ClusterFixtures.NS, "statestore");
        assertThat(verify()).isEqualTo(1);
        assertThat(report()).contains("[FAIL] component/statestore: missing in namespace todo");
    }

    @Test
    void aRequiredSubscriptionMustExist() throws Exception {
        assertThat(verify("--subscriptions", "task-events-sub")).isEqualTo(1);
        assertThat(report()).contains("[FAIL] subscription/task-events-sub: missing");
        out.reset();
        cluster.dapr(ClusterFixtures.SUBSCRIPTIONS, "Subscription", "task-events-sub",
                java.util.Map.of("pubsubname", "kafka-pubsub", "topic", "task-events"));
        assertThat(verify("--subscriptions", "task-events-sub")).isZero();
        assertThat(report()).contains("[ OK ] subscription/task-events-sub");
    }

    @Test
    void theConfigurationTheSidecarsLoadMustExist() throws Exception {
        cluster.delete(ClusterFixtures.CONFIGURATIONS, ClusterFixtures.NS, "todo-config");
        assertThat(verify()).isEqualTo(1);
        assertThat(report()).contains("[FAIL] configuration/todo-config: missing");
    }

    @Test
    void aKafkaThatIsNotReadyFails() throws Exception {
        cluster.kafka("False");
        assertThat(verify()).isEqualTo(1);
        assertThat(report()).contains("[FAIL] kafka/todo-kafka: Ready=False (Pod todo-kafka-dual-role-0 is not ready)");
    }

    @Test
    void aMissingOrUnreadyTopicFails() throws Exception {
        cluster.delete(ClusterFixtures.TOPICS_CTX, "kafka", "reminders-dlq");
        cluster.topic("task-events", "False");
        assertThat(verify()).isEqualTo(1);
        assertThat(report()).contains("[FAIL] kafkatopic/reminders-dlq: missing in namespace kafka")
                .contains("[FAIL] kafkatopic/task-events: Ready=False")
                .contains("RESULT: FAILED (2 of");
    }

    @Test
    void aReleaseWithNoDeploymentsFails() throws Exception {
        assertThat(verify("--release", "other-release")).isEqualTo(1);
        assertThat(report()).contains("[FAIL] release other-release: no Deployment labelled app.kubernetes.io/instance=other-release");
    }

    @Test
    void anUnreachableClusterIsAUsageErrorNotAFailedRelease() throws Exception {
        var unreachable = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(
                new io.fabric8.kubernetes.client.ConfigBuilder().withMasterUrl("https://127.0.0.1:1")
                        .withRequestRetryBackoffLimit(0).withConnectionTimeout(2000).build()).build();
        int exit = DeployVerifier.run(new String[0], () -> unreachable, clock,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot reach the Kubernetes API");
    }

    @Test
    void helpAndBadUsage() throws Exception {
        assertThat(verify("--help")).isZero();
        assertThat(report()).contains("Usage: java -jar deploy-verifier.jar");
        assertThat(verify("--wait", "soon")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--wait takes whole seconds");
        assertThat(verify("--nope", "x")).isEqualTo(2);
    }
}
