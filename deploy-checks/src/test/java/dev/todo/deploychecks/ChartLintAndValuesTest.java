package dev.todo.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** `helm lint --strict` and the behaviour of the chart's values (schema, images, secrets). */
class ChartLintAndValuesTest {

    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @Test
    void helmLintStrictIsClean() {
        LintResult result = new Helm(RenderedChart.CHART).lint().strict().call();
        assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).as("helm lint --strict messages")
                .noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]") || m.contains("[INFO]"));
    }

    @Test
    void imagesDefaultToTheChartAppVersion() throws Exception {
        String chartYaml = Files.readString(RenderedChart.CHART.resolve("Chart.yaml"));
        String appVersion = StrictYaml.TREE.readTree(chartYaml).path("appVersion").asText();
        assertThat(appVersion).isNotBlank();
        JsonNode deployment = RenderedChart.render(null, Map.of()).named("Deployment", "todo-app-todo-api");
        assertThat(image(deployment)).isEqualTo("registry.digitalocean.com/todo-platform/todo-api:" + appVersion);
    }

    @Test
    void theGitShaTagAndADigestAreUsedWhenGiven() {
        RenderedChart chart = RenderedChart.render("values-cloud.yaml", Map.of(
                "image.tag", ChartScenario.GIT_SHA, "services.todo-api.digest", DIGEST));
        assertThat(image(chart.named("Deployment", "todo-app-todo-api")))
                .isEqualTo("registry.digitalocean.com/todo-platform/todo-api@" + DIGEST);
        assertThat(image(chart.named("Deployment", "todo-app-recurring-service")))
                .isEqualTo("registry.digitalocean.com/todo-platform/recurring-service:" + ChartScenario.GIT_SHA);
    }

    @Test
    void theSchemaRefusesFloatingTagsAndMalformedDigests() {
        assertThatThrownBy(() -> RenderedChart.render(null, Map.of("image.tag", "latest")))
                .hasMessageContaining("/image/tag");
        assertThatThrownBy(() -> RenderedChart.render(null, Map.of("services.todo-api.digest", "sha256:short")))
                .hasMessageContaining("/services/todo-api/digest");
        assertThatThrownBy(() -> RenderedChart.render(null, Map.of("services.unknown-app.port", 9000)))
                .hasMessageContaining("/services");
    }

    @Test
    void chartMadeSecretsNeedTheirValues() {
        assertThatThrownBy(() -> RenderedChart.render(null, Map.of("secrets.create", true)))
                .hasMessageContaining("secrets.betterAuthSecret is required");
        assertThatThrownBy(() -> RenderedChart.render(null, Map.of("secrets.create", true,
                "secrets.betterAuthSecret", "too-short")))
                .hasMessageContaining("/secrets/betterAuthSecret");
    }

    @Test
    void anExternalDatabaseNeedsAHost() {
        assertThatThrownBy(() -> RenderedChart.render(null, Map.of("postgresql.enabled", false)))
                .hasMessageContaining("database.host is required");
        RenderedChart chart = RenderedChart.render("values-cloud.yaml", Map.of("database.host", "db.internal"));
        assertThat(chart.ofKind("StatefulSet")).isEmpty();
        assertThat(env(chart.named("Deployment", "todo-app-todo-api"), "SPRING_DATASOURCE_URL"))
                .isEqualTo("jdbc:postgresql://db.internal:25060/todo_api?sslmode=verify-full&sslrootcert=/etc/todo/db-ca/ca.crt");
    }

    @Test
    void theKubernetesSecretStoreMountsATokenOnlyForItsScopedApps() {
        RenderedChart chart = RenderedChart.render(null, Map.of("dapr.secretStore.enabled", true));
        JsonNode component = chart.named("Component", "kubernetes-secrets");
        assertThat(component.path("spec").path("type").asText()).isEqualTo("secretstores.kubernetes");
        JsonNode todoApi = chart.named("Deployment", "todo-app-todo-api").path("spec").path("template");
        assertThat(todoApi.path("spec").path("automountServiceAccountToken").asBoolean()).isTrue();
        assertThat(todoApi.path("metadata").path("annotations").has("dapr.io/disable-builtin-k8s-secret-store")).isFalse();
        JsonNode recurring = chart.named("Deployment", "todo-app-recurring-service").path("spec").path("template");
        assertThat(recurring.path("spec").path("automountServiceAccountToken").asBoolean()).isFalse();
        assertThat(RenderedChart.render(null, Map.of()).ofKind("Component"))
                .extracting(c -> c.path("metadata").path("name").asText())
                .containsExactlyInAnyOrder("kafka-pubsub", "statestore");
    }

    @Test
    void aJwksUriIsPassedOnlyWhenSet() {
        assertThat(envNames(RenderedChart.render(null, Map.of()).named("Deployment", "todo-app-todo-api")))
                .doesNotContain("AUTH_JWKS_URI");
        RenderedChart chart = RenderedChart.render(null, Map.of("auth.jwksUri", "https://auth.example.org/.well-known/jwks.json",
                "auth.issuer", "https://auth.example.org", "auth.audience", "todo-app"));
        assertThat(env(chart.named("Deployment", "todo-app-notification-service"), "AUTH_JWKS_URI"))
                .isEqualTo("https://auth.example.org/.well-known/jwks.json");
        assertThatThrownBy(() -> RenderedChart.render(null, Map.of("auth.jwksUri", "http://insecure.example.org/jwks")))
                .hasMessageContaining("/auth/jwksUri");
    }

    @Test
    void jwtValidationSettingsReachEveryServiceAndAJwksUriNeedsIssuerAndAudience() {
        JsonNode defaults = RenderedChart.render(null, Map.of()).named("Deployment", "todo-app-todo-api");
        assertThat(env(defaults, "AUTH_JWT_CLOCK_SKEW")).isEqualTo("30s");
        assertThat(env(defaults, "AUTH_JWT_ISSUER")).isEmpty();
        assertThat(env(defaults, "AUTH_JWT_AUDIENCE")).isEmpty();
        String jwks = "https://auth.example.org/.well-known/jwks.json";
        assertThatThrownBy(() -> RenderedChart.render(null, Map.of("auth.jwksUri", jwks)))
                .hasMessageContaining("auth.issuer and auth.audience are required");
        assertThatThrownBy(() -> RenderedChart.render(null, Map.of("auth.jwksUri", jwks,
                "auth.issuer", "https://auth.example.org")))
                .hasMessageContaining("auth.issuer and auth.audience are required");
        RenderedChart chart = RenderedChart.render(null, Map.of("auth.jwksUri", jwks,
                "auth.issuer", "https://auth.example.org", "auth.audience", "todo-app", "auth.clockSkew", "10s"));
        for (String app : List.of("todo-api", "notification-service", "recurring-service")) {
            JsonNode deployment = chart.named("Deployment", "todo-app-" + app);
            assertThat(env(deployment, "AUTH_JWT_ISSUER")).isEqualTo("https://auth.example.org");
            assertThat(env(deployment, "AUTH_JWT_AUDIENCE")).isEqualTo("todo-app");
            assertThat(env(deployment, "AUTH_JWT_CLOCK_SKEW")).isEqualTo("10s");
        }
        assertThatThrownBy(() -> RenderedChart.render(null, Map.of("auth.clockSkew", "60s")))
                .hasMessageContaining("clockSkew");
    }

    @Test
    void notesTellHowToCheckTheRelease() {
        String notes = new Helm(RenderedChart.CHART).install().withName(RenderedChart.RELEASE)
                .withNamespace(RenderedChart.NAMESPACE).withKubeVersion("1.31.0").clientOnly().dryRun()
                .call().getOutput();
        assertThat(notes).contains("helm test todo-app -n todo", "deploy-verifier",
                "https://todo.example.com/api/", "todo-auth, todo-db, and per app <app>-app-api-token and <app>-dapr-api-token");
    }

    private static String image(JsonNode deployment) {
        return deployment.path("spec").path("template").path("spec").path("containers").get(0).path("image").asText();
    }

    private static java.util.List<String> envNames(JsonNode deployment) {
        java.util.List<String> names = new java.util.ArrayList<>();
        deployment.path("spec").path("template").path("spec").path("containers").get(0).path("env")
                .forEach(e -> names.add(e.path("name").asText()));
        return names;
    }

    private static String env(JsonNode deployment, String name) {
        for (JsonNode e : deployment.path("spec").path("template").path("spec").path("containers").get(0).path("env")) {
            if (name.equals(e.path("name").asText())) {
                return e.path("value").asText();
            }
        }
        throw new AssertionError(name + " not set");
    }
}
