package dev.todo.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Dapr resources say what the services and Dapr expect: the component types and names of
 * docs/CONVENTIONS.md, the metadata keys each component type requires, scopes on real app ids, and
 * resiliency targets that name defined policies and existing components.
 */
class DaprComponentsContractTest {

    static final Set<String> APP_IDS = ChartRenderingTest.APP_IDS;
    /** Component type -> metadata keys Dapr requires for it. */
    static final Map<String, Set<String>> REQUIRED_METADATA = Map.of(
            "pubsub.kafka", Set.of("brokers", "authType"),
            "state.postgresql", Set.of("connectionString"),
            "secretstores.kubernetes", Set.of());

    private final List<JsonNode> files = DaprFiles.kubernetes();

    @Test
    void everyFileIsADaprResourceOfAKnownKindInTheReleaseNamespace() {
        assertThat(files).hasSize(5);
        for (JsonNode object : files) {
            assertThat(object.path("apiVersion").asText()).isEqualTo(KubernetesModel.DAPR_API_VERSION);
            assertThat(object.path("kind").asText()).isIn("Component", "Resiliency", "Configuration");
            assertThat(object.path("metadata").path("namespace").asText()).isEqualTo(RenderedChart.NAMESPACE);
            for (JsonNode scope : object.path("scopes")) {
                assertThat(APP_IDS).contains(scope.asText());
            }
        }
    }

    @Test
    void componentsHaveTheConventionalNamesTypesAndRequiredMetadata() {
        List<JsonNode> components = files.stream().filter(o -> o.path("kind").asText().equals("Component")).toList();
        assertThat(components).extracting(c -> c.path("metadata").path("name").asText() + "=" + c.path("spec").path("type").asText())
                .containsExactlyInAnyOrder("kafka-pubsub=pubsub.kafka", "statestore=state.postgresql",
                        "kubernetes-secrets=secretstores.kubernetes");
        for (JsonNode component : components) {
            String type = component.path("spec").path("type").asText();
            assertThat(component.path("spec").path("version").asText()).isEqualTo("v1");
            Set<String> keys = new HashSet<>();
            for (JsonNode item : component.path("spec").path("metadata")) {
                keys.add(item.path("name").asText());
                boolean hasValue = item.has("value");
                boolean hasRef = item.has("secretKeyRef");
                assertThat(hasValue ^ hasRef).as("%s metadata %s has exactly one of value/secretKeyRef", type, item).isTrue();
                if (hasRef) {
                    assertThat(item.path("secretKeyRef").path("name").asText()).isNotBlank();
                    assertThat(item.path("secretKeyRef").path("key").asText()).isNotBlank();
                }
            }
            assertThat(keys).as("metadata of %s", type).containsAll(REQUIRED_METADATA.get(type));
        }
        JsonNode statestore = DaprFiles.one(files, "Component", "statestore");
        assertThat(statestore.path("scopes")).as("only recurring-service uses the state store")
                .extracting(JsonNode::asText).containsExactly("recurring-service");
        JsonNode connection = statestore.path("spec").path("metadata").get(0);
        assertThat(connection.path("name").asText()).isEqualTo("connectionString");
        assertThat(connection.path("secretKeyRef").path("name").asText())
                .as("the state store reads its own database role's Secret").isEqualTo("todo-db-statestore");
    }

    @Test
    void pubSubPointsAtTheStrimziBootstrapOfTheKafkaManifests() throws Exception {
        JsonNode pubsub = DaprFiles.one(files, "Component", "kafka-pubsub");
        String brokers = null;
        for (JsonNode item : pubsub.path("spec").path("metadata")) {
            if (item.path("name").asText().equals("brokers")) {
                brokers = item.path("value").asText();
            }
        }
        // These files (the chart's defaults) use kafka/local's plain listener; kafka/cloud has none and
        // the cloud values authenticate on its TLS listener (KafkaAccessTest).
        JsonNode kafka = StrimziManifestsTest.documents("local").stream()
                .filter(d -> d.path("kind").asText().equals("Kafka")).findFirst().orElseThrow();
        JsonNode plain = null;
        for (JsonNode listener : kafka.path("spec").path("kafka").path("listeners")) {
            if (!listener.path("tls").asBoolean() && listener.path("type").asText().equals("internal")) {
                plain = listener;
            }
        }
        assertThat(plain).as("kafka/local has a plain internal listener").isNotNull();
        assertThat(brokers).isEqualTo(kafka.path("metadata").path("name").asText() + "-kafka-bootstrap."
                + kafka.path("metadata").path("namespace").asText() + ".svc:" + plain.path("port").asInt());
    }

    @Test
    void resiliencyTargetsNameDefinedPoliciesAndExistingComponents() {
        JsonNode spec = DaprFiles.one(files, "Resiliency", "todo-resiliency").path("spec");
        Set<String> components = new HashSet<>();
        files.stream().filter(o -> o.path("kind").asText().equals("Component"))
                .forEach(c -> components.add(c.path("metadata").path("name").asText()));
        spec.path("targets").path("apps").fieldNames().forEachRemaining(app -> assertThat(APP_IDS).contains(app));
        spec.path("targets").path("components").fieldNames().forEachRemaining(c -> assertThat(components).contains(c));
        assertThat(spec.path("targets").path("components").has("kafka-pubsub")).isTrue();
        assertThat(spec.path("targets").path("components").path("kafka-pubsub").has("inbound"))
                .as("subscriber RETRY answers are retried by policy (SPEC §3)").isTrue();
        List<JsonNode> targets = new java.util.ArrayList<>();
        spec.path("targets").path("apps").forEach(targets::add);
        spec.path("targets").path("components").forEach(c -> c.forEach(targets::add));
        assertThat(targets).isNotEmpty();
        for (JsonNode target : targets) {
            checkRef(spec, target, "timeout", "timeouts");
            checkRef(spec, target, "retry", "retries");
            checkRef(spec, target, "circuitBreaker", "circuitBreakers");
        }
    }

    private static void checkRef(JsonNode spec, JsonNode target, String field, String policies) {
        if (target.has(field)) {
            String name = target.path(field).asText();
            assertThat(spec.path("policies").path(policies).has(name))
                    .as("%s %s is defined in policies.%s", field, name, policies).isTrue();
        }
    }

    @Test
    void configurationLetsOnlyRecurringServiceInvokeTheInternalRoutes() {
        JsonNode acl = DaprFiles.one(files, "Configuration", "todo-config").path("spec").path("accessControl");
        assertThat(acl.path("defaultAction").asText()).isEqualTo("deny");
        assertThat(acl.path("policies")).singleElement().satisfies(p -> {
            assertThat(p.path("appId").asText()).isEqualTo("recurring-service");
            assertThat(p.path("namespace").asText()).isEqualTo(RenderedChart.NAMESPACE);
            assertThat(p.path("operations")).singleElement().satisfies(op -> {
                assertThat(op.path("name").asText()).isEqualTo("/internal/tasks/**");
                assertThat(op.path("action").asText()).isEqualTo("allow");
            });
        });
    }
}
