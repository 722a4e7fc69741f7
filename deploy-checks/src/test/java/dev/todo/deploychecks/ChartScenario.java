package dev.todo.deploychecks;

import java.util.Map;
import java.util.stream.Stream;

/**
 * The value sets the chart is checked with: its defaults, Minikube's, the cloud's, the one-node
 * cluster's, and the optional parts (Ingress, in-chart Kafka) switched on.
 */
record ChartScenario(String name, String valuesFile, Map<String, Object> sets) {

    static final String GIT_SHA = "3f1c2a9d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39";

    static Stream<ChartScenario> all() {
        return Stream.of(
                new ChartScenario("defaults", null, Map.of()),
                new ChartScenario("defaults with chart-made secrets", null, Map.ofEntries(
                        Map.entry("secrets.create", true),
                        Map.entry("secrets.betterAuthSecret", "0123456789abcdef0123456789abcdef-test"),
                        Map.entry("secrets.databasePassword", "db-password-test"),
                        // Dapr app tokens: each app its own pair (issue 11)
                        Map.entry("secrets.appTokens.todo-api.appApiToken", "todo-api-app-token-test"),
                        Map.entry("secrets.appTokens.todo-api.daprApiToken", "todo-api-dapr-token-test"),
                        Map.entry("secrets.appTokens.notification-service.appApiToken", "notification-app-token-test"),
                        Map.entry("secrets.appTokens.notification-service.daprApiToken", "notification-dapr-token-test"),
                        Map.entry("secrets.appTokens.recurring-service.appApiToken", "recurring-app-token-test"),
                        Map.entry("secrets.appTokens.recurring-service.daprApiToken", "recurring-dapr-token-test"),
                        Map.entry("secrets.databaseRolePasswords.todo-api", "todo-api-db-password-test"),
                        Map.entry("secrets.databaseRolePasswords.notification-service", "notification-db-password-test"),
                        Map.entry("secrets.databaseRolePasswords.statestore", "statestore-db-password-test"))),
                new ChartScenario("minikube (values-local.yaml)", "values-local.yaml", Map.of()),
                new ChartScenario("cloud (values-cloud.yaml, as the pipeline sets it)", "values-cloud.yaml", Map.of(
                        "image.tag", GIT_SHA,
                        "gateway.hostname", "todo.example.org",
                        "database.host", "db-postgresql-fra1-00000-do-user-0.k.db.ondigitalocean.com")),
                new ChartScenario("one-node cluster (values-cluster.yaml)", "values-cluster.yaml", Map.of(
                        "image.tag", GIT_SHA)),
                new ChartScenario("Ingress instead of the Gateway, in-chart Kafka", null, Map.of(
                        "gateway.enabled", false,
                        "ingress.enabled", true,
                        "ingress.clusterIssuer", "letsencrypt-prod",
                        "kafka.enabled", true)));
    }

    /** The host the front door answers for in this scenario. */
    String host() {
        Object set = sets.get("gateway.hostname");
        if (set != null) {
            return (String) set;
        }
        return valuesFile != null && (valuesFile.equals("values-local.yaml") || valuesFile.equals("values-cluster.yaml"))
                ? "todo.local" : "todo.example.com";
    }

    boolean gateway() {
        return !Boolean.FALSE.equals(sets.get("gateway.enabled"));
    }

    boolean ingress() {
        return Boolean.TRUE.equals(sets.get("ingress.enabled"));
    }

    boolean inChartKafka() {
        return Boolean.TRUE.equals(sets.get("kafka.enabled")) || "values-cluster.yaml".equals(valuesFile);
    }

    @Override
    public String toString() {
        return name;
    }
}
