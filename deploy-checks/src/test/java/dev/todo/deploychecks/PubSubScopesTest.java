package dev.todo.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Dapr pub/sub scopes in every environment (the chart with each value set, dapr-components/ and the
 * local stack's dapr-components/local/): only todo-api publishes task-events, task-updates and
 * reminders; each subscriber subscribes to its own topics only and publishes only its dead letters
 * (its daprd publishes them through the same publishingScopes check, Dapr 1.18
 * pkg/runtime/subscription/subscription.go sendToDeadLetter -> publisher.Publish). The permission
 * matrix is computed the way daprd computes it (pkg/scopes GetScopedTopics and
 * pkg/runtime/pubsub/adapter.go IsOperationAllowed), so a scope string that parses differently
 * from what it looks like fails here.
 */
class PubSubScopesTest {

    static final List<String> APPS = List.of("todo-api", "notification-service", "recurring-service");
    static final List<String> TOPICS = StrimziManifestsTest.TOPICS;

    static final Map<String, Set<String>> PUBLISH = Map.of(
            "todo-api", Set.of("task-events", "task-updates", "reminders"),
            "notification-service", Set.of("reminders-dlq"),
            "recurring-service", Set.of("task-events-dlq"));
    static final Map<String, Set<String>> SUBSCRIBE = Map.of(
            "todo-api", Set.of(),
            "notification-service", Set.of("reminders", "task-updates"),
            "recurring-service", Set.of("task-events"));

    static List<Object[]> components() {
        List<Object[]> components = new ArrayList<>();
        ChartScenario.all().forEach(s -> components.add(new Object[] {"chart: " + s.name(),
                RenderedChart.render(s.valuesFile(), s.sets()).named("Component", "kafka-pubsub")}));
        components.add(new Object[] {"dapr-components/", DaprFiles.one(DaprFiles.kubernetes(), "Component", "kafka-pubsub")});
        components.add(new Object[] {"dapr-components/local/", DaprFiles.one(DaprFiles.local(), "Component", "kafka-pubsub")});
        return components;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("components")
    void onlyTodoApiPublishesTheTaskTopicsAndEachSubscriberUsesItsOwnTopics(String where, JsonNode component) {
        Map<String, String> metadata = new LinkedHashMap<>();
        component.path("spec").path("metadata").forEach(m -> metadata.put(m.path("name").asText(), m.path("value").asText()));
        assertThat(metadata).containsKeys("publishingScopes", "subscriptionScopes", "protectedTopics");
        for (String app : APPS) {
            assertThat(allowed(metadata, "publishingScopes", app)).as("%s: %s may publish", where, app)
                    .isEqualTo(new TreeSet<>(PUBLISH.get(app)));
            assertThat(allowed(metadata, "subscriptionScopes", app)).as("%s: %s may subscribe", where, app)
                    .isEqualTo(new TreeSet<>(SUBSCRIBE.get(app)));
        }
        assertThat(allowed(metadata, "publishingScopes", "some-other-app")).as("an app not listed").isEmpty();
        assertThat(allowed(metadata, "subscriptionScopes", "some-other-app")).as("an app not listed").isEmpty();
    }

    /** The topics of the platform that daprd lets this app use under this scope. */
    private static Set<String> allowed(Map<String, String> metadata, String scope, String app) {
        List<String> scoped = scopedTopics(metadata.getOrDefault(scope, ""), app);
        List<String> protectedTopics = List.of(metadata.getOrDefault("protectedTopics", "").split(","));
        Set<String> allowed = new TreeSet<>();
        for (String topic : TOPICS) {
            boolean isProtected = protectedTopics.contains(topic);
            if ((!isProtected && scoped.isEmpty()) || scoped.contains(topic)) {
                allowed.add(topic);
            }
        }
        return allowed;
    }

    /** pkg/scopes GetScopedTopics: "app1=t1,t2;app2=" -> the topics listed for app ("" counts as a topic). */
    private static List<String> scopedTopics(String value, String app) {
        List<String> topics = new ArrayList<>();
        if (value.isEmpty()) {
            return topics;
        }
        for (String entry : value.replace(" ", "").split(";")) {
            String[] appTopics = entry.split("=", -1);
            if (appTopics.length < 2 || !appTopics[0].equals(app)) {
                continue;
            }
            for (String topic : appTopics[1].split(",", -1)) {
                if (!topics.contains(topic)) {
                    topics.add(topic);
                }
            }
        }
        return topics;
    }
}
