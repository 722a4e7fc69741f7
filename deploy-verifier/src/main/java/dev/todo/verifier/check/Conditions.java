package dev.todo.verifier.check;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads status.conditions of custom resources, whose shape is Kubernetes' common condition. */
final class Conditions {

    private Conditions() {
    }

    @SuppressWarnings("unchecked")
    static Optional<Map<String, Object>> find(GenericKubernetesResource resource, String type) {
        Object status = resource.getAdditionalProperties().get("status");
        if (!(status instanceof Map<?, ?> statusMap)) {
            return Optional.empty();
        }
        Object conditions = statusMap.get("conditions");
        if (!(conditions instanceof List<?> list)) {
            return Optional.empty();
        }
        return list.stream().filter(Map.class::isInstance).map(c -> (Map<String, Object>) c)
                .filter(c -> type.equals(c.get("type"))).findFirst();
    }

    /** "Ready=True" style text, or a note that the condition is absent. */
    static String describe(GenericKubernetesResource resource, String type) {
        return find(resource, type)
                .map(c -> type + "=" + c.get("status") + (c.get("message") != null ? " (" + c.get("message") + ")" : ""))
                .orElse("no " + type + " condition yet");
    }

    static boolean isTrue(GenericKubernetesResource resource, String type) {
        return find(resource, type).map(c -> "True".equals(c.get("status"))).orElse(false);
    }
}
