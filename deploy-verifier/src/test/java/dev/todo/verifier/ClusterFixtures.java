package dev.todo.verifier;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Map;

/**
 * Realistic objects of a deployed release, shaped as the chart, the Dapr injector and the Strimzi
 * operator leave them, written into the mock API server.
 */
final class ClusterFixtures {

    static final String NS = "todo";
    static final String RELEASE = "todo-app";
    static final List<String> APPS = List.of("todo-api", "notification-service", "recurring-service");
    static final List<String> TOPICS = List.of("task-events", "task-updates", "reminders", "task-events-dlq", "reminders-dlq");

    static final ResourceDefinitionContext COMPONENTS = ctx("dapr.io", "v1alpha1", "Component", "components");
    static final ResourceDefinitionContext CONFIGURATIONS = ctx("dapr.io", "v1alpha1", "Configuration", "configurations");
    static final ResourceDefinitionContext RESILIENCIES = ctx("dapr.io", "v1alpha1", "Resiliency", "resiliencies");
    static final ResourceDefinitionContext SUBSCRIPTIONS = ctx("dapr.io", "v2alpha1", "Subscription", "subscriptions");
    static final ResourceDefinitionContext KAFKAS = ctx("kafka.strimzi.io", "v1", "Kafka", "kafkas");
    static final ResourceDefinitionContext TOPICS_CTX = ctx("kafka.strimzi.io", "v1", "KafkaTopic", "kafkatopics");

    private final KubernetesClient client;

    ClusterFixtures(KubernetesClient client) {
        this.client = client;
    }

    /** A release where everything is as it should be. */
    ClusterFixtures healthyRelease() {
        for (String app : APPS) {
            deployment(app, 2, 2, true);
            pod(app + "-5d8f7c9b4-a1", app, true, true);
            pod(app + "-5d8f7c9b4-b2", app, true, true);
        }
        // The in-chart PostgreSQL runs without a sidecar and must not be reported.
        client.pods().inNamespace(NS).resource(new PodBuilder()
                .withNewMetadata().withName("todo-app-postgresql-0").withNamespace(NS)
                .addToLabels("app.kubernetes.io/instance", RELEASE).addToLabels("app.kubernetes.io/component", "postgresql")
                .endMetadata()
                .withNewSpec().addNewContainer().withName("postgresql").withImage("postgres:16.10-alpine3.22").endContainer().endSpec()
                .build()).create();
        component("kafka-pubsub", "pubsub.kafka");
        component("statestore", "state.postgresql");
        dapr(CONFIGURATIONS, "Configuration", "todo-config", Map.of("metric", Map.of("enabled", true)));
        dapr(RESILIENCIES, "Resiliency", "todo-resiliency", Map.of("policies", Map.of()));
        kafka("True");
        for (String topic : TOPICS) {
            topic(topic, "True");
        }
        return this;
    }

    void deployment(String app, int replicas, int available, boolean availableCondition) {
        Deployment d = new DeploymentBuilder()
                .withNewMetadata().withName(RELEASE + "-" + app).withNamespace(NS)
                .addToLabels("app.kubernetes.io/instance", RELEASE).addToLabels("app.kubernetes.io/component", app)
                .endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app.kubernetes.io/component", app).endSelector()
                .withNewTemplate()
                .withNewMetadata().addToLabels("app.kubernetes.io/component", app)
                .addToAnnotations("dapr.io/enabled", "true").addToAnnotations("dapr.io/app-id", app)
                .addToAnnotations("dapr.io/config", "todo-config")
                .endMetadata()
                .withNewSpec().addNewContainer().withName(app).withImage("registry.example/" + app + ":3f1c2a9").endContainer().endSpec()
                .endTemplate()
                .endSpec()
                .withNewStatus().withReplicas(replicas).withUpdatedReplicas(replicas).withReadyReplicas(available)
                .withAvailableReplicas(available)
                .addNewCondition().withType("Available").withStatus(availableCondition ? "True" : "False")
                .withReason(availableCondition ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable")
                .withMessage(availableCondition ? "Deployment has minimum availability." : "Deployment does not have minimum availability.")
                .endCondition()
                .addNewCondition().withType("Progressing").withStatus("True").withReason("NewReplicaSetAvailable").endCondition()
                .endStatus()
                .build();
        client.apps().deployments().inNamespace(NS).resource(d).createOr(existing -> existing.update());
    }

    void pod(String name, String app, boolean withDaprd, boolean daprdReady) {
        PodBuilder pod = new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(NS)
                .addToLabels("app.kubernetes.io/instance", RELEASE).addToLabels("app.kubernetes.io/component", app)
                .addToAnnotations("dapr.io/enabled", "true").addToAnnotations("dapr.io/app-id", app)
                .endMetadata()
                .withNewSpec().addNewContainer().withName(app).withImage("registry.example/" + app + ":3f1c2a9").endContainer().endSpec();
        if (withDaprd) {
            pod.editSpec().addNewContainer().withName("daprd").withImage("ghcr.io/dapr/daprd:1.16.5").endContainer().endSpec();
        }
        pod.withNewStatus().withPhase("Running")
                .addToContainerStatuses(new ContainerStatusBuilder().withName(app).withReady(true).withRestartCount(0).build())
                .endStatus();
        if (withDaprd) {
            var status = new ContainerStatusBuilder().withName("daprd").withReady(daprdReady).withRestartCount(daprdReady ? 0 : 4);
            if (!daprdReady) {
                status.withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState();
            }
            pod.editStatus().addToContainerStatuses(status.build()).endStatus();
        }
        Pod built = pod.build();
        client.pods().inNamespace(NS).resource(built).createOr(existing -> existing.update());
    }

    void component(String name, String type) {
        dapr(COMPONENTS, "Component", name, Map.of("type", type, "version", "v1", "metadata", List.of()));
    }

    void dapr(ResourceDefinitionContext ctx, String kind, String name, Map<String, Object> spec) {
        GenericKubernetesResource r = new GenericKubernetesResourceBuilder()
                .withApiVersion(ctx.getGroup() + "/" + ctx.getVersion()).withKind(kind)
                .withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .addToAdditionalProperties("spec", spec)
                .build();
        client.genericKubernetesResources(ctx).inNamespace(NS).resource(r).create();
    }

    void kafka(String ready) {
        GenericKubernetesResource r = new GenericKubernetesResourceBuilder()
                .withApiVersion("kafka.strimzi.io/v1").withKind("Kafka")
                .withNewMetadata().withName("todo-kafka").withNamespace("kafka").endMetadata()
                .addToAdditionalProperties("spec", Map.of("kafka", Map.of("version", "4.1.1")))
                .addToAdditionalProperties("status", Map.of("conditions", List.of(Map.of("type", "Ready", "status", ready,
                        "message", "True".equals(ready) ? "" : "Pod todo-kafka-dual-role-0 is not ready"))))
                .build();
        client.genericKubernetesResources(KAFKAS).inNamespace("kafka").resource(r).createOr(e -> e.update());
    }

    void topic(String name, String ready) {
        GenericKubernetesResource r = new GenericKubernetesResourceBuilder()
                .withApiVersion("kafka.strimzi.io/v1").withKind("KafkaTopic")
                .withNewMetadata().withName(name).withNamespace("kafka").addToLabels("strimzi.io/cluster", "todo-kafka").endMetadata()
                .addToAdditionalProperties("spec", Map.of("partitions", 3, "replicas", 1))
                .addToAdditionalProperties("status", Map.of("conditions", List.of(Map.of("type", "Ready", "status", ready))))
                .build();
        client.genericKubernetesResources(TOPICS_CTX).inNamespace("kafka").resource(r).createOr(e -> e.update());
    }

    // ---- the chart's own Kafka (kafka.enabled=true, templates/kafka.yaml), on a cluster without Strimzi

    static final String IN_CHART_KAFKA = RELEASE + "-kafka";
    static final String TOPICS_JOB = IN_CHART_KAFKA + "-topics-1a2b3c4d";

    /** The healthy release with the chart's broker instead of Strimzi's: no kafka.strimzi.io objects at all. */
    ClusterFixtures withInChartKafka() {
        delete(KAFKAS, "kafka", "todo-kafka");
        for (String topic : TOPICS) {
            delete(TOPICS_CTX, "kafka", topic);
        }
        kafkaStatefulSet(RELEASE, 1, 1);
        kafkaPod(true, null);
        topicsJob(TOPICS_JOB, "Complete", null, TOPICS);
        return this;
    }

    /** StatefulSet {@code <release>-kafka} as the chart renders it and the controller reports it. */
    void kafkaStatefulSet(String release, int replicas, int ready) {
        String name = release + "-kafka";
        StatefulSet sts = new StatefulSetBuilder()
                .withNewMetadata().withName(name).withNamespace(NS)
                .addToLabels("app.kubernetes.io/instance", release).addToLabels("app.kubernetes.io/name", "todo-app")
                .addToLabels("app.kubernetes.io/component", "kafka").addToLabels("app.kubernetes.io/managed-by", "Helm")
                .endMetadata()
                .withNewSpec().withReplicas(replicas).withServiceName(name + "-headless")
                .withNewSelector().addToMatchLabels("app.kubernetes.io/instance", release)
                .addToMatchLabels("app.kubernetes.io/component", "kafka").endSelector()
                .withNewTemplate()
                .withNewMetadata().addToLabels("app.kubernetes.io/instance", release)
                .addToLabels("app.kubernetes.io/component", "kafka").endMetadata()
                .withNewSpec().addNewContainer().withName("kafka").withImage("172.30.0.2:5000/todo/kafka:4.1.1")
                .withCommand("/bin/sh", "-ec").addNewPort().withName("kafka").withContainerPort(9092).endPort()
                .endContainer().endSpec()
                .endTemplate()
                .endSpec()
                .withNewStatus().withReplicas(replicas).withReadyReplicas(ready).withCurrentReplicas(replicas)
                .withUpdatedReplicas(replicas).withAvailableReplicas(ready)
                .withCurrentRevision(name + "-6d9f8b7c5").withUpdateRevision(name + "-6d9f8b7c5")
                .endStatus()
                .build();
        client.apps().statefulSets().inNamespace(NS).resource(sts).createOr(existing -> existing.update());
    }

    /** The broker's pod; when not ready, waiting for {@code waitingReason} after a failed start. */
    void kafkaPod(boolean ready, String waitingReason) {
        var status = new ContainerStatusBuilder().withName("kafka").withReady(ready).withRestartCount(ready ? 0 : 3);
        if (!ready) {
            status.withNewState().withNewWaiting().withReason(waitingReason).endWaiting().endState()
                    .withNewLastState().withNewTerminated().withExitCode(1).withReason("Error").endTerminated().endLastState();
        }
        Pod pod = new PodBuilder()
                .withNewMetadata().withName(IN_CHART_KAFKA + "-0").withNamespace(NS)
                .addToLabels("app.kubernetes.io/instance", RELEASE).addToLabels("app.kubernetes.io/component", "kafka")
                .addToLabels("statefulset.kubernetes.io/pod-name", IN_CHART_KAFKA + "-0")
                .endMetadata()
                .withNewSpec().addNewContainer().withName("kafka").withImage("172.30.0.2:5000/todo/kafka:4.1.1").endContainer()
                .endSpec()
                .withNewStatus().withPhase("Running").addToContainerStatuses(status.build()).endStatus()
                .build();
        client.pods().inNamespace(NS).resource(pod).createOr(existing -> existing.update());
    }

    /**
     * A topics Job as the chart renders it (the script of _kafka.tpl creating {@code topics}) in state
     * "Complete", "Failed" (with {@code reason}) or "Running" (no condition), plus its last pod. The mock server
     * stamps creationTimestamp itself, to the second like the API server: see {@link #nextSecond()}.
     */
    void topicsJob(String name, String state, String reason, List<String> topics) {
        String created = "2026-11-25T11:50:00Z";
        String bootstrap = IN_CHART_KAFKA + "." + NS + ".svc:9092";
        StringBuilder script = new StringBuilder("""
                topics() {
                  java -Dlog4j2.configurationFile=/etc/kafka/log4j2.properties -cp '/opt/kafka/libs/*' \\
                    org.apache.kafka.tools.TopicCommand --bootstrap-server %s \\
                    --command-config /etc/kafka/admin.properties "$@"
                }
                until topics --list >/dev/null; do
                  echo "waiting for the broker at %s"
                  sleep 5
                done
                """.formatted(bootstrap, bootstrap));
        for (String topic : topics) {
            script.append("topics --create --if-not-exists --topic ").append(topic)
                    .append(" --partitions 3 --replication-factor 1 --config retention.ms=604800000\n");
        }
        script.append("topics --describe\n");
        var job = new JobBuilder()
                .withNewMetadata().withName(name).withNamespace(NS)
                .addToLabels("app.kubernetes.io/instance", RELEASE).addToLabels("app.kubernetes.io/component", "kafka-topics")
                .endMetadata()
                .withNewSpec().withBackoffLimit(6).withActiveDeadlineSeconds(900L)
                .withNewTemplate()
                .withNewMetadata().addToLabels("app.kubernetes.io/instance", RELEASE)
                .addToLabels("app.kubernetes.io/component", "kafka-topics").endMetadata()
                .withNewSpec().withRestartPolicy("OnFailure")
                .addNewContainer().withName("topics").withImage("172.30.0.2:5000/todo/kafka:4.1.1")
                .withCommand("/bin/sh", "-ec").withArgs(script.toString()).endContainer()
                .endSpec()
                .endTemplate()
                .endSpec();
        switch (state) {
            case "Complete" -> job.withNewStatus().withSucceeded(1).withStartTime(created)
                    .withCompletionTime("2026-11-25T11:51:10Z")
                    .addNewCondition().withType("SuccessCriteriaMet").withStatus("True").endCondition()
                    .addNewCondition().withType("Complete").withStatus("True").endCondition()
                    .endStatus();
            case "Failed" -> job.withNewStatus().withFailed(1).withStartTime(created)
                    .addNewCondition().withType("FailureTarget").withStatus("True").withReason(reason).endCondition()
                    .addNewCondition().withType("Failed").withStatus("True").withReason(reason)
                    .withMessage("BackoffLimitExceeded".equals(reason) ? "Job has reached the specified backoff limit"
                            : "Job was active longer than specified deadline")
                    .endCondition()
                    .endStatus();
            default -> job.withNewStatus().withActive(1).withStartTime(created).endStatus();
        }
        Job built = job.build();
        client.batch().v1().jobs().inNamespace(NS).resource(built).createOr(existing -> existing.update());
        boolean ok = "Complete".equals(state);
        var status = new ContainerStatusBuilder().withName("topics").withReady(false).withRestartCount(ok ? 0 : 6);
        if (ok) {
            status.withNewState().withNewTerminated().withExitCode(0).withReason("Completed").endTerminated().endState();
        } else {
            status.withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState()
                    .withNewLastState().withNewTerminated().withExitCode(1).withReason("Error").endTerminated().endLastState();
        }
        client.pods().inNamespace(NS).resource(new PodBuilder()
                .withNewMetadata().withName(name + "-x7k2p").withNamespace(NS)
                .addToLabels("app.kubernetes.io/instance", RELEASE).addToLabels("app.kubernetes.io/component", "kafka-topics")
                .addToLabels("job-name", name).addToLabels("batch.kubernetes.io/job-name", name)
                .endMetadata()
                .withNewSpec().withRestartPolicy("OnFailure").addNewContainer().withName("topics")
                .withImage("172.30.0.2:5000/todo/kafka:4.1.1").endContainer().endSpec()
                .withNewStatus().withPhase(ok ? "Succeeded" : "Running").addToContainerStatuses(status.build()).endStatus()
                .build()).createOr(existing -> existing.update());
    }

    /**
     * Waits until the wall clock's second changes, so an object created next is newer by its creationTimestamp
     * (which the mock server, like the API server, sets to the second).
     */
    static void nextSecond() {
        long second = System.currentTimeMillis() / 1000;
        org.awaitility.Awaitility.await("the next wall-clock second").atMost(java.time.Duration.ofSeconds(2))
                .pollInterval(java.time.Duration.ofMillis(20))
                .until(() -> System.currentTimeMillis() / 1000 != second);
    }

    void delete(ResourceDefinitionContext ctx, String namespace, String name) {
        client.genericKubernetesResources(ctx).inNamespace(namespace).withName(name).delete();
    }

    private static ResourceDefinitionContext ctx(String group, String version, String kind, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind(kind)
                .withPlural(plural).withNamespaced(true).build();
    }
}
