package dev.todo.verifier.check;

import dev.todo.verifier.VerifierOptions;
import dev.todo.verifier.report.Finding;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;

/** The Strimzi Kafka cluster and every platform topic report Ready=True. */
public final class StrimziKafkaReady implements Check {

    static final String NAME = "Strimzi Kafka";

    @Override
    public List<Finding> run(KubernetesClient client, VerifierOptions options) {
        List<Finding> findings = new ArrayList<>();
        GenericKubernetesResource kafka = client.genericKubernetesResources(CustomResources.kafkas(options.strimziApiVersion()))
                .inNamespace(options.kafkaNamespace()).withName(options.kafkaCluster()).get();
        String kafkaSubject = "kafka/" + options.kafkaCluster();
        if (kafka == null) {
            findings.add(Finding.fail(NAME, kafkaSubject, "missing in namespace " + options.kafkaNamespace()));
        } else {
            findings.add(new Finding(NAME, kafkaSubject, Conditions.isTrue(kafka, "Ready"), Conditions.describe(kafka, "Ready")));
        }
        List<GenericKubernetesResource> topics = client.genericKubernetesResources(
                CustomResources.kafkaTopics(options.strimziApiVersion())).inNamespace(options.kafkaNamespace()).list().getItems();
        for (String name : options.topics()) {
            String subject = "kafkatopic/" + name;
            var topic = topics.stream().filter(t -> name.equals(topicName(t))).findFirst();
            if (topic.isEmpty()) {
                findings.add(Finding.fail(NAME, subject, "missing in namespace " + options.kafkaNamespace()));
                continue;
            }
            var labels = topic.get().getMetadata().getLabels();
            if (labels == null || !options.kafkaCluster().equals(labels.get("strimzi.io/cluster"))) {
                findings.add(Finding.fail(NAME, subject, "not labelled strimzi.io/cluster=" + options.kafkaCluster()
                        + ": the topic operator ignores it"));
                continue;
            }
            findings.add(new Finding(NAME, subject, Conditions.isTrue(topic.get(), "Ready"),
                    Conditions.describe(topic.get(), "Ready")));
        }
        return findings;
    }

    /** spec.topicName when set (Kafka names that are not valid Kubernetes names), else the resource name. */
    private static String topicName(GenericKubernetesResource topic) {
        Object spec = topic.getAdditionalProperties().get("spec");
        if (spec instanceof java.util.Map<?, ?> m && m.get("topicName") instanceof String s && !s.isBlank()) {
            return s;
        }
        return topic.getMetadata().getName();
    }
}
