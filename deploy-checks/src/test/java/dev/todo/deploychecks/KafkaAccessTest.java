package dev.todo.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.KafkaAuthorizationSimple;
import io.strimzi.api.kafka.model.kafka.entityoperator.EntityUserOperatorSpec;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerAuthenticationScramSha512;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.AclResourcePatternType;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Kafka in the cloud: kafka/cloud's only listener encrypts (TLS), authenticates (SCRAM-SHA-512) and
 * admits only the release's app pods; authorization is on; the chart (values-cloud.yaml) renders one
 * KafkaUser per app with exactly the ACLs its topics and consumer group need, and the pub/sub
 * component authenticates as each sidecar's own app with secret references only.
 */
class KafkaAccessTest {

    static final List<String> APPS = List.of("notification-service", "recurring-service", "todo-api");

    /** What each app's KafkaUser may do: "resource type:name:operation". */
    static final Map<String, Set<String>> ACLS = Map.of(
            "todo-api", Set.of("topic:task-events:Write", "topic:task-updates:Write", "topic:reminders:Write"),
            // notification-service's daprd consumes as group "notification-service" and publishes the
            // dead letters of reminders itself
            "notification-service", Set.of("topic:reminders:Read", "topic:task-updates:Read",
                    "topic:reminders-dlq:Write", "group:notification-service:Read"),
            "recurring-service", Set.of("topic:task-events:Read", "topic:task-events-dlq:Write",
                    "group:recurring-service:Read"));

    static RenderedChart cloud() {
        ChartScenario scenario = ChartScenario.all().filter(s -> "values-cloud.yaml".equals(s.valuesFile()))
                .findFirst().orElseThrow();
        return RenderedChart.render(scenario.valuesFile(), scenario.sets());
    }

    static Kafka cloudKafka() throws Exception {
        return StrimziManifestsTest.parse("cloud").kafka();
    }

    @Test
    void eachAppHasItsOwnKafkaUserWithExactlyTheAclsOfItsTopicsAndGroup() throws Exception {
        RenderedChart chart = cloud();
        Kafka kafka = cloudKafka();
        EntityUserOperatorSpec userOperator = kafka.getSpec().getEntityOperator().getUserOperator();
        Map<String, Set<String>> acls = new TreeMap<>();
        for (JsonNode object : chart.ofKind("KafkaUser")) {
            KafkaUser user = (KafkaUser) KubernetesModel.strict(object);
            String name = user.getMetadata().getName();
            assertThat(user.getMetadata().getNamespace()).as("the User Operator watches the release namespace")
                    .isEqualTo(userOperator.getWatchedNamespace()).isEqualTo(RenderedChart.NAMESPACE);
            assertThat(user.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", kafka.getMetadata().getName());
            assertThat(user.getSpec().getAuthentication()).as(name).isInstanceOf(KafkaUserScramSha512ClientAuthentication.class);
            assertThat(user.getSpec().getAuthorization()).as(name).isInstanceOf(KafkaUserAuthorizationSimple.class);
            Set<String> rules = new TreeSet<>();
            for (AclRule rule : ((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls()) {
                String resource;
                if (rule.getResource() instanceof AclRuleTopicResource topic) {
                    assertThat(topic.getPatternType()).as("no prefix patterns").isEqualTo(AclResourcePatternType.LITERAL);
                    resource = "topic:" + topic.getName();
                } else if (rule.getResource() instanceof AclRuleGroupResource group) {
                    assertThat(group.getPatternType()).as("no prefix patterns").isEqualTo(AclResourcePatternType.LITERAL);
                    resource = "group:" + group.getName();
                } else {
                    throw new AssertionError(name + " has an ACL on " + rule.getResource().getType());
                }
                assertThat(rule.getType()).as("allow rules only").isNotEqualTo(AclRuleType.DENY);
                rule.getOperations().forEach(op -> rules.add(resource + ":" + op.toValue()));
            }
            acls.put(name, rules);
        }
        assertThat(acls).isEqualTo(new TreeMap<>(ACLS));
    }

    @Test
    void thePubSubComponentAuthenticatesAsTheSidecarsOwnAppWithSecretReferencesOnly() throws Exception {
        RenderedChart chart = cloud();
        Kafka kafka = cloudKafka();
        Map<String, JsonNode> metadata = new TreeMap<>();
        chart.named("Component", "kafka-pubsub").path("spec").path("metadata")
                .forEach(item -> metadata.put(item.path("name").asText(), item));
        GenericKafkaListener listener = kafka.getSpec().getKafka().getListeners().get(0);
        assertThat(metadata.get("brokers").path("value").asText()).isEqualTo(kafka.getMetadata().getName()
                + "-kafka-bootstrap." + kafka.getMetadata().getNamespace() + ".svc:" + listener.getPort());
        assertThat(metadata.get("authType").path("value").asText()).isEqualTo("password");
        assertThat(metadata.get("saslMechanism").path("value").asText()).isEqualTo("SHA-512");
        assertThat(metadata.get("disableTls").path("value").asText()).isEqualTo("false");
        assertThat(metadata).doesNotContainKey("skipVerify");
        // Dapr replaces {appID} in every metadata value: the user name is the KafkaUser of the app
        // and the consumer group the one its ACLs allow.
        assertThat(metadata.get("saslUsername").path("value").asText()).isEqualTo("{appID}");
        assertThat(metadata.get("consumerGroup").path("value").asText()).isEqualTo("{appID}");
        JsonNode password = metadata.get("saslPassword");
        assertThat(password.has("value")).as("no password in the component").isFalse();
        assertThat(password.path("envRef").asText()).isEqualTo("KAFKA_SASL_PASSWORD");
        JsonNode ca = metadata.get("caCert");
        assertThat(ca.has("value")).isFalse();
        assertThat(ca.path("secretKeyRef").path("name").asText()).isEqualTo(kafka.getMetadata().getName() + "-cluster-ca-cert");
        assertThat(ca.path("secretKeyRef").path("key").asText()).isEqualTo("ca.crt");

        String prefix = kafka.getSpec().getEntityOperator().getUserOperator().getSecretPrefix();
        for (String app : APPS) {
            JsonNode annotations = chart.named("Deployment", "todo-app-" + app).path("spec").path("template")
                    .path("metadata").path("annotations");
            assertThat(annotations.path("dapr.io/env-from-secret").asText()).as(app)
                    .isEqualTo("KAFKA_SASL_PASSWORD=" + prefix + app + ":password");
        }
    }

    @Test
    void theCloudListenerEncryptsAuthenticatesAndAdmitsOnlyTheReleasesApps() throws Exception {
        Kafka kafka = cloudKafka();
        assertThat(kafka.getSpec().getKafka().getAuthorization()).isInstanceOf(KafkaAuthorizationSimple.class);
        List<GenericKafkaListener> listeners = kafka.getSpec().getKafka().getListeners();
        assertThat(listeners).isNotEmpty();
        RenderedChart chart = cloud();
        for (GenericKafkaListener listener : listeners) {
            assertThat(listener.isTls()).as("listener %s encrypts", listener.getName()).isTrue();
            assertThat(listener.getAuth()).as("listener %s authenticates", listener.getName())
                    .isInstanceOf(KafkaListenerAuthenticationScramSha512.class);
            assertThat(listener.getNetworkPolicyPeers()).as("listener %s without peers admits every namespace",
                    listener.getName()).isNotEmpty();
            for (NetworkPolicyPeer peer : listener.getNetworkPolicyPeers()) {
                assertThat(peer.getIpBlock()).isNull();
                assertThat(peer.getNamespaceSelector().getMatchLabels())
                        .isEqualTo(Map.of("kubernetes.io/metadata.name", RenderedChart.NAMESPACE));
                LabelSelector pods = peer.getPodSelector();
                for (String app : APPS) {
                    Map<String, String> labels = podLabels(chart, app);
                    assertThat(labels).as("%s's pods match the peer", app).containsAllEntriesOf(pods.getMatchLabels());
                }
                assertThat(pods.getMatchExpressions()).singleElement().satisfies(e -> {
                    assertThat(e.getKey()).isEqualTo("app.kubernetes.io/component");
                    assertThat(e.getOperator()).isEqualTo("In");
                    assertThat(e.getValues()).containsExactlyInAnyOrderElementsOf(APPS);
                });
                assertThat(pods.getMatchLabels()).as("only this release")
                        .containsEntry("app.kubernetes.io/instance", RenderedChart.RELEASE);
            }
        }
    }

    @Test
    void withoutAuthNoUsersNorPasswordsAndAuthNeedsStrimzi() {
        RenderedChart plain = RenderedChart.render(null, Map.of());
        assertThat(plain.ofKind("KafkaUser")).isEmpty();
        for (String app : APPS) {
            assertThat(plain.named("Deployment", "todo-app-" + app).path("spec").path("template").path("metadata")
                    .path("annotations").has("dapr.io/env-from-secret")).isFalse();
        }
        assertThatThrownBy(() -> RenderedChart.render(null, Map.of("dapr.pubsub.auth.enabled", true, "kafka.enabled", true)))
                .hasMessageContaining("needs Strimzi");
    }

    private static Map<String, String> podLabels(RenderedChart chart, String app) {
        Map<String, String> labels = new TreeMap<>();
        chart.named("Deployment", "todo-app-" + app).path("spec").path("template").path("metadata").path("labels")
                .fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }
}
