package dev.todo.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Dapr object the repository ships (the chart rendered with each value set, and every file
 * under dapr-components/) uses only fields of the pinned Dapr release's CRD schemas (Dapr 1.18.2's
 * charts/dapr/crds): a field the API server does not know is dropped at install time, as
 * initialInterval in a retry policy once was. The dapr.io/* pod annotations the chart sets are ones
 * Dapr's sidecar injector reads.
 */
class DaprCrdConformanceTest {

    static DaprCrdSchemas schemas;

    @BeforeAll
    static void loadDaprsCrds() {
        schemas = DaprCrdSchemas.load(DaprModule.crds());
    }

    static Stream<Arguments> shippedDaprObjects() throws IOException {
        Map<String, JsonNode> objects = new java.util.LinkedHashMap<>();
        List<ChartScenario> scenarios = new ArrayList<>(ChartScenario.all().toList());
        scenarios.add(new ChartScenario("secret store on", null, Map.of("dapr.secretStore.enabled", true)));
        for (ChartScenario scenario : scenarios) {
            for (JsonNode object : RenderedChart.render(scenario.valuesFile(), scenario.sets()).matching(KubernetesModel::isDapr)) {
                objects.put("chart [" + scenario + "] " + kindAndName(object), object);
            }
        }
        try (Stream<Path> files = Files.walk(DaprFiles.DIR)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                for (JsonNode object : StrictYaml.documents(Files.readString(file))) {
                    objects.put(DaprFiles.DIR.getParent().relativize(file) + " " + kindAndName(object), object);
                }
            }
        }
        return objects.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    private static String kindAndName(JsonNode object) {
        return object.path("kind").asText() + "/" + object.path("metadata").path("name").asText();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shippedDaprObjects")
    void usesOnlyFieldsOfDaprsCrdSchemas(String where, JsonNode object) {
        assertThat(object.path("apiVersion").asText()).isEqualTo(KubernetesModel.DAPR_API_VERSION);
        assertThat(schemas.problems(object)).as("%s against Dapr %s's CRDs", where, DaprModule.version()).isEmpty();
    }

    @Test
    void theCheckFindsAnUnknownRetryFieldAWrongTypeAndAMissingRequiredField() {
        JsonNode resiliency = StrictYaml.documents("""
                apiVersion: dapr.io/v1alpha1
                kind: Resiliency
                metadata: {name: r}
                spec:
                  policies:
                    retries:
                      publishRetry: {policy: exponential, initialInterval: 200ms, maxInterval: 30s, maxRetries: "15"}
                """).get(0);
        assertThat(schemas.problems(resiliency)).containsExactlyInAnyOrder(
                "spec.policies.retries.publishRetry.initialInterval: unknown field (not in the CRD's schema; the API server drops it)",
                "spec.policies.retries.publishRetry.maxRetries: expected an integer, got \"15\"",
                "spec.targets: required by the CRD's schema");
        JsonNode component = StrictYaml.documents("""
                apiVersion: dapr.io/v1alpha1
                kind: Component
                metadata: {name: c}
                spec:
                  type: state.postgresql
                  metadata:
                    - {name: connectionString, value: {any: thing}, secretKeyRef: {name: s, key: k, store: x}}
                """).get(0);
        assertThat(schemas.problems(component)).containsExactlyInAnyOrder(
                "spec.metadata[0].secretKeyRef.store: unknown field (not in the CRD's schema; the API server drops it)",
                "spec.version: required by the CRD's schema");
    }

    @Test
    void theSchemasAreThoseOfThePinnedDaprRelease() {
        assertThat(DaprModule.dir().getFileName().toString()).isEqualTo("dapr@v" + DaprModule.version());
        for (String kind : List.of("Component", "Configuration", "Resiliency", "Subscription")) {
            assertThat(schemas.knows(KubernetesModel.DAPR_API_VERSION, kind)).as(kind).isTrue();
        }
    }

    @Test
    void everyDaprAnnotationTheChartSetsIsOneDaprsSidecarInjectorReads() throws IOException {
        String source = Files.readString(DaprModule.injectorAnnotations());
        Set<String> known = new TreeSet<>();
        Matcher m = Pattern.compile("\"(dapr\\.io/[a-z0-9-]+)\"").matcher(source);
        while (m.find()) {
            known.add(m.group(1));
        }
        assertThat(known).contains("dapr.io/graceful-shutdown-seconds", "dapr.io/block-shutdown-duration",
                "dapr.io/sidecar-image");
        Map<String, String> used = new HashMap<>();
        List<Map<String, Object>> valueSets = List.of(Map.of(), Map.of("dapr.sidecarImage", "registry.local:5000/daprd:1.18.2"),
                Map.of("dapr.secretStore.enabled", true));
        for (Map<String, Object> sets : valueSets) {
            for (JsonNode deployment : RenderedChart.render(null, sets).ofKind("Deployment")) {
                JsonNode annotations = deployment.path("spec").path("template").path("metadata").path("annotations");
                for (Iterator<String> it = annotations.fieldNames(); it.hasNext(); ) {
                    String key = it.next();
                    if (key.startsWith("dapr.io/")) {
                        used.put(key, deployment.path("metadata").path("name").asText());
                    }
                }
            }
        }
        assertThat(used).containsKeys("dapr.io/graceful-shutdown-seconds", "dapr.io/block-shutdown-duration",
                "dapr.io/sidecar-image");
        assertThat(used.keySet()).as("annotations Dapr %s's injector knows", DaprModule.version()).isSubsetOf(known);
    }
}
