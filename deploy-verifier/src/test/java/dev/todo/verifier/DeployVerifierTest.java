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
        assertThat(report()).contains("Usage: java -jar deploy-verifier.jar", "--kafka MODE", "--kubeconfig FILE",
                "Exit status: 0 all checks passed, 1 a check failed, 2 bad usage or no cluster access.");
        assertThat(verify("--wait", "soon")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--wait takes whole seconds");
        assertThat(verify("--nope", "x")).isEqualTo(2);
    }

    // ---- --kafka: the chart's own broker (kafka.enabled=true) or Strimzi's

    private static final String TOPICS_JOB = "job/" + ClusterFixtures.TOPICS_JOB;

    @Test
    void aReleaseWithTheInChartKafkaIsDetectedAndPassesWithoutStrimzi() throws Exception {
        cluster.withInChartKafka();
        assertThat(verify()).isZero();
        assertThat(report())
                .startsWith("Verifying release todo-app in namespace todo (Kafka auto: the release's in-chart broker if it has one, else kafka/todo-kafka)\n")
                .contains("Kafka (in-chart)\n")
                .contains("[ OK ] statefulset/todo-app-kafka: 1/1 ready, 1 updated")
                .contains("[ OK ] " + TOPICS_JOB + ": Complete at 2026-11-25T11:51:10Z")
                .contains("[ OK ] topic/task-events: created by " + TOPICS_JOB
                        + " (its TopicCommand --create succeeded; not read from the broker)")
                .contains("[ OK ] topic/reminders-dlq: created by " + TOPICS_JOB)
                .doesNotContain("Strimzi", "kafka/todo-kafka:", "kafkatopic/")
                // the broker and the topics Job run without a sidecar and are no Dapr findings
                .doesNotContain("pod/todo-app-kafka-0", "x7k2p")
                .contains("RESULT: PASSED");
    }

    @Test
    void autoChecksStrimziWhenTheReleaseHasNoKafkaStatefulSetOfItsOwn() throws Exception {
        // another release's broker in the same namespace does not make this one in-chart
        cluster.kafkaStatefulSet("other-release", 1, 1);
        assertThat(verify()).isZero();
        assertThat(report()).contains("Strimzi Kafka\n").contains("[ OK ] kafka/todo-kafka: Ready=True")
                .doesNotContain("Kafka (in-chart)");
        out.reset();
        cluster.delete(ClusterFixtures.KAFKAS, "kafka", "todo-kafka");
        assertThat(verify()).isEqualTo(1);
        assertThat(report()).contains("[FAIL] kafka/todo-kafka: missing in namespace kafka");
    }

    @Test
    void anInChartBrokerWithoutItsReplicasReadyFails() throws Exception {
        cluster.withInChartKafka();
        cluster.kafkaStatefulSet(ClusterFixtures.RELEASE, 1, 0);
        cluster.kafkaPod(false, "CrashLoopBackOff");
        assertThat(verify()).isEqualTo(1);
        assertThat(report()).contains("[FAIL] statefulset/todo-app-kafka: 0/1 ready, 1 updated"
                        + " - pod/todo-app-kafka-0: CrashLoopBackOff, last exit 1 Error (3 restarts)")
                .contains("[ OK ] " + TOPICS_JOB + ": Complete")
                .contains("RESULT: FAILED (1 of");
    }

    @Test
    void aBrokerWhoseNewSpecTheControllerHasNotSeenYetIsNotReady() throws Exception {
        cluster.withInChartKafka();
        // helm upgrade changed the pod template (generation 1 -> 2); the status still describes generation 1
        client.apps().statefulSets().inNamespace(ClusterFixtures.NS).withName(ClusterFixtures.IN_CHART_KAFKA)
                .edit(s -> new io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder(s).editSpec().editTemplate()
                        .editSpec().editFirstContainer().withImage("172.30.0.2:5000/todo/kafka:4.1.2").endContainer()
                        .endSpec().endTemplate().endSpec()
                        .editStatus().withObservedGeneration(1L).endStatus().build());
        assertThat(verify()).isEqualTo(1);
        assertThat(report()).contains("[FAIL] statefulset/todo-app-kafka: 1/1 ready, 1 updated - the controller has not"
                + " yet seen generation 2");
    }

    @Test
    void theNewestTopicsJobCountsAndItsFailureReasonIsReported() throws Exception {
        cluster.withInChartKafka();
        // names whose order is the opposite of their age: the newest is chosen by creationTimestamp
        String newer = ClusterFixtures.IN_CHART_KAFKA + "-topics-0e8d7c6b";
        ClusterFixtures.nextSecond();
        cluster.topicsJob(newer, "Failed", "BackoffLimitExceeded", ClusterFixtures.TOPICS);
        assertThat(verify()).isEqualTo(1);
        assertThat(report()).contains("[FAIL] job/" + newer + ": Failed: BackoffLimitExceeded (Job has reached the"
                        + " specified backoff limit) - pod/" + newer + "-x7k2p: CrashLoopBackOff, last exit 1 Error (6 restarts)")
                .doesNotContain(TOPICS_JOB + ":", "topic/task-events")
                .contains("RESULT: FAILED (1 of");
        // a newer Job that succeeds settles it; the older failed one no longer counts
        out.reset();
        String newest = ClusterFixtures.IN_CHART_KAFKA + "-topics-0a4e3d2c";
        ClusterFixtures.nextSecond();
        cluster.topicsJob(newest, "Complete", null, ClusterFixtures.TOPICS);
        assertThat(verify()).as(report()).isZero();
        assertThat(report()).contains("[ OK ] job/" + newest + ": Complete").doesNotContain(newer);
    }

    @Test
    void aTopicsJobPastItsDeadlineOrStillRunningIsNotComplete() throws Exception {
        cluster.withInChartKafka();
        cluster.topicsJob(ClusterFixtures.TOPICS_JOB, "Failed", "DeadlineExceeded", ClusterFixtures.TOPICS);
        assertThat(verify()).isEqualTo(1);
        assertThat(report()).contains("[FAIL] " + TOPICS_JOB + ": Failed: DeadlineExceeded (Job was active longer than"
                + " specified deadline)");
        out.reset();
        cluster.topicsJob(ClusterFixtures.TOPICS_JOB, "Running", null, ClusterFixtures.TOPICS);
        assertThat(verify()).isEqualTo(1);
        assertThat(report()).contains("[FAIL] " + TOPICS_JOB + ": not complete yet (1 active, 0 failed pods) - pod/"
                + ClusterFixtures.TOPICS_JOB + "-x7k2p: CrashLoopBackOff, last exit 1 Error (6 restarts)");
    }

    @Test
    void aTopicTheJobDoesNotCreateFails() throws Exception {
        cluster.withInChartKafka();
        cluster.topicsJob(ClusterFixtures.TOPICS_JOB, "Complete", null,
                ClusterFixtures.TOPICS.subList(0, 4));
        assertThat(verify()).isEqualTo(1);
        assertThat(report()).contains("[ OK ] topic/task-events-dlq: created by " + TOPICS_JOB)
                .contains("[FAIL] topic/reminders-dlq: not among the topics " + TOPICS_JOB
                        + " creates [task-events, task-updates, reminders, task-events-dlq] (kafka.topics)")
                .contains("RESULT: FAILED (1 of");
        out.reset();
        assertThat(verify("--topics", "task-events,reminders")).isZero();
    }

    @Test
    void anInChartReleaseWithoutATopicsJobFails() throws Exception {
        cluster.withInChartKafka();
        client.batch().v1().jobs().inNamespace(ClusterFixtures.NS).withName(ClusterFixtures.TOPICS_JOB).delete();
        assertThat(verify()).isEqualTo(1);
        assertThat(report()).contains("[FAIL] topics: no Job labelled app.kubernetes.io/component=kafka-topics,"
                + "app.kubernetes.io/instance=todo-app in namespace todo: nothing created the topics");
    }

    @Test
    void anExplicitKafkaModeIsNotSecondGuessed() throws Exception {
        // --kafka in-chart against a Strimzi release: no broker of the release
        assertThat(verify("--kafka", "in-chart")).isEqualTo(1);
        assertThat(report()).startsWith("Verifying release todo-app in namespace todo (Kafka in-chart)\n")
                .contains("[FAIL] release todo-app: no StatefulSet labelled app.kubernetes.io/component=kafka,"
                        + "app.kubernetes.io/instance=todo-app in namespace todo")
                .doesNotContain("\nStrimzi Kafka\n");
        // --kafka strimzi against an in-chart release: today's Strimzi check, header and all
        out.reset();
        cluster.withInChartKafka();
        assertThat(verify("--kafka", "strimzi")).isEqualTo(1);
        assertThat(report()).startsWith("Verifying release todo-app in namespace todo (Kafka kafka/todo-kafka)\n")
                .contains("[FAIL] kafka/todo-kafka: missing in namespace kafka")
                .contains("[FAIL] kafkatopic/task-events: missing in namespace kafka")
                .doesNotContain("Kafka (in-chart)");
    }

    @Test
    void kafkaModeAndKubeconfigAreValidatedAsUsage() throws Exception {
        assertThat(verify("--kafka", "redpanda")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--kafka takes in-chart, strimzi or auto, got redpanda");
        assertThat(verify("--kubeconfig", "/nonexistent/kubeconfig")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--kubeconfig /nonexistent/kubeconfig: no readable file");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(VerifierOptions.parse("--kafka", "IN-CHART").kafka()).isEqualTo(VerifierOptions.KafkaMode.IN_CHART);
        assertThat(VerifierOptions.parse().kafka()).isEqualTo(VerifierOptions.KafkaMode.AUTO);
    }

    @Test
    void anObjectTheChecksCannotReadIsAFailedCheckNotACrash() throws Exception {
        // a Deployment whose pod template has no metadata: the sidecar check cannot read its annotations
        client.apps().deployments().inNamespace(ClusterFixtures.NS).resource(new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder()
                .withNewMetadata().withName("todo-app-odd").withNamespace(ClusterFixtures.NS)
                .addToLabels("app.kubernetes.io/instance", ClusterFixtures.RELEASE).endMetadata()
                .withNewSpec().withNewTemplate().endTemplate().endSpec().build()).create();
        assertThat(verify()).isEqualTo(1);
        assertThat(report()).contains("DaprSidecarsReady\n  [FAIL] error: NullPointerException")
                .contains("[ OK ] kafka/todo-kafka: Ready=True")
                .contains("RESULT: FAILED");
    }
}
