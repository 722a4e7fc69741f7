package dev.todo.verifier.check;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * The custom resources the verifier reads, addressed explicitly so no API discovery is needed and
 * neither Dapr's nor Strimzi's Java model is pulled in.
 */
final class CustomResources {

    static final ResourceDefinitionContext DAPR_COMPONENTS = dapr("v1alpha1", "Component", "components");
    static final ResourceDefinitionContext DAPR_CONFIGURATIONS = dapr("v1alpha1", "Configuration", "configurations");
    static final ResourceDefinitionContext DAPR_RESILIENCIES = dapr("v1alpha1", "Resiliency", "resiliencies");
    static final ResourceDefinitionContext DAPR_SUBSCRIPTIONS = dapr("v2alpha1", "Subscription", "subscriptions");

    private CustomResources() {
    }

    static ResourceDefinitionContext kafkas(String version) {
        return strimzi(version, "Kafka", "kafkas");
    }

    static ResourceDefinitionContext kafkaTopics(String version) {
        return strimzi(version, "KafkaTopic", "kafkatopics");
    }

    private static ResourceDefinitionContext dapr(String version, String kind, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup("dapr.io").withVersion(version).withKind(kind)
                .withPlural(plural).withNamespaced(true).build();
    }

    private static ResourceDefinitionContext strimzi(String version, String kind, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup("kafka.strimzi.io").withVersion(version)
                .withKind(kind).withPlural(plural).withNamespaced(true).build();
    }
}
