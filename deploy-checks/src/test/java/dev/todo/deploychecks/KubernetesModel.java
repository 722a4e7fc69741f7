package dev.todo.deploychecks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.util.Map;
import java.util.Optional;

/**
 * The Kubernetes kinds the chart may render, each mapped to its fabric8 model class. A rendered
 * object of any other built-in kind fails the checks, so nothing escapes strict deserialization.
 */
final class KubernetesModel {

    static final String DAPR_API_VERSION = "dapr.io/v1alpha1";

    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.ofEntries(
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Pod", Pod.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("batch/v1/Job", Job.class),
            Map.entry("gateway.networking.k8s.io/v1/Gateway", Gateway.class),
            Map.entry("gateway.networking.k8s.io/v1/HTTPRoute", HTTPRoute.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("kafka.strimzi.io/v1/KafkaUser", KafkaUser.class));

    private KubernetesModel() {
    }

    static boolean isDapr(JsonNode object) {
        return DAPR_API_VERSION.equals(object.path("apiVersion").asText());
    }

    static HasMetadata strict(JsonNode object) throws JsonProcessingException {
        String key = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
        Class<? extends HasMetadata> type = KINDS.get(key);
        if (type == null) {
            throw new AssertionError("rendered kind " + key + " has no model mapping; add it to KubernetesModel");
        }
        return StrictYaml.strict(object, type);
    }

    /** The pod template of a workload (the Pod itself for a bare Pod). */
    static Optional<PodTemplateSpec> podTemplate(HasMetadata object) {
        if (object instanceof Deployment d) {
            return Optional.of(d.getSpec().getTemplate());
        }
        if (object instanceof StatefulSet s) {
            return Optional.of(s.getSpec().getTemplate());
        }
        if (object instanceof Job j) {
            return Optional.of(j.getSpec().getTemplate());
        }
        if (object instanceof Pod p) {
            return Optional.of(new PodTemplateSpec(p.getMetadata(), p.getSpec()));
        }
        return Optional.empty();
    }
}
