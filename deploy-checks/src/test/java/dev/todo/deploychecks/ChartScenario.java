package dev.todo.deploychecks;

import java.util.Map;
import java.util.stream.Stream;

/** The value sets the chart is checked with: its defaults, Minikube's and the cloud's. */
record ChartScenario(String name, String valuesFile, Map<String, Object> sets) {

    static final String GIT_SHA = "3f1c2a9d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39";

    static Stream<ChartScenario> all() {
        return Stream.of(
                new ChartScenario("defaults", null, Map.of()),
                new ChartScenario("defaults with chart-made secrets", null, Map.of(
                        "secrets.create", true,
                        "secrets.betterAuthSecret", "0123456789abcdef0123456789abcdef-test",
                        "secrets.appApiToken", "app-token-test",
                        "secrets.daprApiToken", "dapr-token-test",
                        "secrets.databasePassword", "db-password-test")),
                new ChartScenario("minikube (values-local.yaml)", "values-local.yaml", Map.of()),
                new ChartScenario("cloud (values-cloud.yaml, as the pipeline sets it)", "values-cloud.yaml", Map.of(
                        "image.tag", GIT_SHA,
                        "ingress.host", "todo.example.org",
                        "database.host", "db-postgresql-fra1-00000-do-user-0.k.db.ondigitalocean.com")));
    }

    @Override
    public String toString() {
        return name;
    }
}
