package dev.todo.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * One database role per service and one for the Dapr state store, each in its own Secret and owning
 * only its own database (CONNECT revoked from PUBLIC); the in-chart PostgreSQL creates them; the
 * cloud verifies the server's certificate (sslmode=verify-full) against a configurable CA.
 */
class DatabaseRolesTest {

    /** app -> {role, database, Secret}. */
    static final Map<String, List<String>> ROLES = Map.of(
            "todo-api", List.of("todo_api", "todo_api", "todo-db-todo-api"),
            "notification-service", List.of("notification", "notification", "todo-db-notification"),
            "statestore", List.of("dapr_state", "dapr_state", "todo-db-statestore"));

    @Test
    void theInChartPostgresqlCreatesOneOwningRolePerDatabaseFromTheRolesSecrets() throws Exception {
        RenderedChart chart = RenderedChart.render("values-cluster.yaml", Map.of("image.tag", ChartScenario.GIT_SHA));
        ConfigMap init = InChartKafkaTest.typed(chart, "ConfigMap", "todo-app-postgresql-init", ConfigMap.class);
        String sql = init.getData().get("01-roles.sql");
        assertThat(init.getData()).containsOnlyKeys("01-roles.sql");
        StatefulSet postgres = InChartKafkaTest.typed(chart, "StatefulSet", "todo-app-postgresql", StatefulSet.class);
        List<EnvVar> env = postgres.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
        for (Map.Entry<String, List<String>> role : ROLES.entrySet()) {
            String name = role.getValue().get(0);
            String database = role.getValue().get(1);
            String variable = "DB_ROLE_PASSWORD_" + role.getKey().toUpperCase().replace('-', '_');
            assertThat(sql).contains(String.join("\n",
                    "\\getenv password " + variable,
                    "CREATE ROLE " + name + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'password';",
                    "CREATE DATABASE " + database + " OWNER " + name + ";",
                    "REVOKE ALL ON DATABASE " + database + " FROM PUBLIC;"));
            assertThat(env).as("the password of %s", name).anySatisfy(e -> {
                assertThat(e.getName()).isEqualTo(variable);
                assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo(role.getValue().get(2));
                assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("password");
            });
        }
        assertThat(sql.lines().filter(l -> l.startsWith("CREATE ROLE")).count()).isEqualTo(ROLES.size());
        assertThat(sql).as("no role gets more than its own database").doesNotContainPattern("(?i)\\b(superuser|grant)\\b");
    }

    @Test
    void eachServiceConnectsAsItsOwnRoleAndTheStateStoreAsItsOwn() throws Exception {
        for (ChartScenario scenario : ChartScenario.all().toList()) {
            RenderedChart chart = RenderedChart.render(scenario.valuesFile(), scenario.sets());
            for (String app : List.of("todo-api", "notification-service")) {
                Container container = appContainer(chart, app);
                String secret = ROLES.get(app).get(2);
                assertThat(secretOf(container, "SPRING_DATASOURCE_USERNAME")).as("%s: %s", scenario, app).contains(secret);
                assertThat(secretOf(container, "SPRING_DATASOURCE_PASSWORD")).as("%s: %s", scenario, app).contains(secret);
                assertThat(value(container, "SPRING_DATASOURCE_URL")).contains("/" + ROLES.get(app).get(1) + "?");
            }
            assertThat(appContainer(chart, "recurring-service").getEnv()).extracting(EnvVar::getName)
                    .as("recurring-service has no database of its own").noneMatch(n -> n.startsWith("SPRING_DATASOURCE"));
            JsonNode connection = chart.named("Component", "statestore").path("spec").path("metadata").get(0);
            assertThat(connection.path("secretKeyRef").path("name").asText()).isEqualTo("todo-db-statestore");
        }
    }

    @Test
    void theCloudVerifiesTheDatabaseCertificateAgainstTheConfiguredCa() throws Exception {
        RenderedChart chart = KafkaAccessTest.cloud();
        for (String app : List.of("todo-api", "notification-service")) {
            Container container = appContainer(chart, app);
            assertThat(value(container, "SPRING_DATASOURCE_URL")).endsWith("?sslmode=verify-full&sslrootcert=/etc/todo/db-ca/ca.crt");
            assertThat(container.getVolumeMounts()).anySatisfy(m -> {
                assertThat(m.getName()).isEqualTo("db-ca");
                assertThat(m.getMountPath()).isEqualTo("/etc/todo/db-ca");
                assertThat(m.getReadOnly()).isTrue();
            });
            assertThat(caVolume(chart, app).getSecret().getSecretName()).isEqualTo("todo-db-ca");
        }
        // the state store runs in recurring-service's daprd: the CA is mounted there for its connection
        // string's sslrootcert=/mnt/db-ca/ca.crt (written by scripts/setup-cloud.sh)
        assertThat(caVolume(chart, "recurring-service").getSecret().getSecretName()).isEqualTo("todo-db-ca");
        assertThat(chart.named("Deployment", "todo-app-recurring-service").path("spec").path("template").path("metadata")
                .path("annotations").path("dapr.io/volume-mounts").asText()).isEqualTo("db-ca:/mnt/db-ca");
        assertThat(Files.readString(ProjectFiles.resolve("scripts/setup-cloud.sh")))
                .contains("sslmode=verify-full sslrootcert=/mnt/db-ca/ca.crt", "create secret generic todo-db-ca");
    }

    @Test
    void theCaMayComeFromAConfigMapAndVerifyFullWithoutOneIsRefused() throws Exception {
        RenderedChart chart = RenderedChart.render(null, Map.of("database.sslMode", "verify-full",
                "database.ca.configMapName", "db-ca-bundle", "database.ca.key", "root.crt"));
        assertThat(value(appContainer(chart, "todo-api"), "SPRING_DATASOURCE_URL"))
                .endsWith("sslmode=verify-full&sslrootcert=/etc/todo/db-ca/root.crt");
        assertThat(caVolume(chart, "todo-api").getConfigMap().getName()).isEqualTo("db-ca-bundle");
        assertThatThrownBy(() -> RenderedChart.render(null, Map.of("database.sslMode", "verify-full")))
                .hasMessageContaining("needs database.ca");
    }

    private static Deployment deployment(RenderedChart chart, String app) throws Exception {
        return InChartKafkaTest.typed(chart, "Deployment", "todo-app-" + app, Deployment.class);
    }

    private static Container appContainer(RenderedChart chart, String app) throws Exception {
        return deployment(chart, app).getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals(app)).findFirst().orElseThrow();
    }

    private static Volume caVolume(RenderedChart chart, String app) throws Exception {
        PodSpec pod = deployment(chart, app).getSpec().getTemplate().getSpec();
        return pod.getVolumes().stream().filter(v -> v.getName().equals("db-ca")).findFirst()
                .orElseThrow(() -> new AssertionError(app + " has no db-ca volume"));
    }

    private static Optional<String> secretOf(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .map(e -> e.getValueFrom().getSecretKeyRef().getName());
    }

    private static String value(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst().orElseThrow().getValue();
    }
}
