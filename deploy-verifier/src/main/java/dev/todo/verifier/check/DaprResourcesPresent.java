package dev.todo.verifier.check;

import dev.todo.verifier.VerifierOptions;
import dev.todo.verifier.report.Finding;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Dapr Components and Subscriptions the release needs exist in its namespace, with the
 * Configuration each Deployment names in dapr.io/config and the Resiliency policy.
 */
public final class DaprResourcesPresent implements Check {

    static final String NAME = "Dapr resources";

    @Override
    public List<Finding> run(KubernetesClient client, VerifierOptions options) {
        List<Finding> findings = new ArrayList<>();
        expectNamed(client, options, CustomResources.DAPR_COMPONENTS, "component", options.components(), findings);
        expectNamed(client, options, CustomResources.DAPR_SUBSCRIPTIONS, "subscription", options.subscriptions(), findings);
        Set<String> configurations = new TreeSet<>();
        for (Deployment d : ReleaseObjects.deployments(client, options)) {
            Map<String, String> a = d.getSpec().getTemplate().getMetadata().getAnnotations();
            if (a != null && a.get("dapr.io/config") != null) {
                configurations.add(a.get("dapr.io/config"));
            }
        }
        expectNamed(client, options, CustomResources.DAPR_CONFIGURATIONS, "configuration", List.copyOf(configurations), findings);
        if (options.resiliency() != null && !options.resiliency().isBlank()) {
            expectNamed(client, options, CustomResources.DAPR_RESILIENCIES, "resiliency", List.of(options.resiliency()), findings);
        }
        return findings;
    }

    private static void expectNamed(KubernetesClient client, VerifierOptions options, ResourceDefinitionContext context,
            String what, List<String> expected, List<Finding> findings) {
        if (expected.isEmpty()) {
            return;
        }
        List<GenericKubernetesResource> present = client.genericKubernetesResources(context)
                .inNamespace(options.namespace()).list().getItems();
        for (String name : expected) {
            var found = present.stream().filter(r -> name.equals(r.getMetadata().getName())).findFirst();
            if (found.isEmpty()) {
                findings.add(Finding.fail(NAME, what + "/" + name, "missing in namespace " + options.namespace()));
                continue;
            }
            Object spec = found.get().getAdditionalProperties().get("spec");
            String type = spec instanceof Map<?, ?> m && m.get("type") != null ? "type " + m.get("type") : "present";
            findings.add(Finding.pass(NAME, what + "/" + name, type));
        }
    }
}
