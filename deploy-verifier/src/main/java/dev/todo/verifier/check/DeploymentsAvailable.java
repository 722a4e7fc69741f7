package dev.todo.verifier.check;

import dev.todo.verifier.VerifierOptions;
import dev.todo.verifier.report.Finding;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Every Deployment of the release is Available with all its replicas updated and ready. */
public final class DeploymentsAvailable implements Check {

    static final String NAME = "Deployments available";

    @Override
    public List<Finding> run(KubernetesClient client, VerifierOptions options) {
        List<Deployment> deployments = ReleaseObjects.deployments(client, options);
        if (deployments.isEmpty()) {
            return List.of(Finding.fail(NAME, "release " + options.release(),
                    "no Deployment labelled app.kubernetes.io/instance=" + options.release() + " in namespace " + options.namespace()));
        }
        List<Finding> findings = new ArrayList<>();
        for (Deployment d : deployments) {
            findings.add(verdict(d));
        }
        return findings;
    }

    private static Finding verdict(Deployment d) {
        String name = d.getMetadata().getName();
        int desired = Objects.requireNonNullElse(d.getSpec().getReplicas(), 1);
        var status = d.getStatus();
        int available = status == null ? 0 : Objects.requireNonNullElse(status.getAvailableReplicas(), 0);
        int updated = status == null ? 0 : Objects.requireNonNullElse(status.getUpdatedReplicas(), 0);
        boolean availableCondition = status != null && status.getConditions() != null && status.getConditions().stream()
                .anyMatch(c -> "Available".equals(c.getType()) && "True".equals(c.getStatus()));
        String counts = available + "/" + desired + " available, " + updated + " updated";
        if (availableCondition && available >= desired && updated >= desired) {
            return Finding.pass(NAME, name, counts);
        }
        String reason = status == null || status.getConditions() == null ? "no status yet"
                : status.getConditions().stream().filter(c -> !"True".equals(c.getStatus()))
                        .map(DeploymentsAvailable::describe).reduce((a, b) -> a + "; " + b).orElse("not Available");
        return Finding.fail(NAME, name, counts + " - " + reason);
    }

    private static String describe(DeploymentCondition c) {
        return c.getType() + "=" + c.getStatus() + (c.getMessage() != null ? " (" + c.getMessage() + ")" : "");
    }
}
