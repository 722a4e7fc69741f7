package dev.todo.verifier;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
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

    void delete(ResourceDefinitionContext ctx, String namespace, String name) {
        client.genericKubernetesResources(ctx).inNamespace(namespace).withName(name).delete();
    }

    private static ResourceDefinitionContext ctx(String group, String version, String kind, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind(kind)
                .withPlural(plural).withNamespaced(true).build();
    }
}
