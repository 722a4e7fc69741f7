package dev.todo.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * kafka/local and kafka/cloud deserialize strictly into Strimzi's own model (io.strimzi:api) and
 * describe a KRaft cluster with node pools and the topics of SPEC §3.
 */
class StrimziManifestsTest {

    static final List<String> TOPICS = List.of("task-events", "task-updates", "reminders", "task-events-dlq",
            "reminders-dlq");

    static List<JsonNode> documents(String variant) {
        Path dir = ProjectFiles.resolve("kafka/" + variant);
        try (Stream<Path> files = Files.list(dir)) {
            List<JsonNode> docs = new ArrayList<>();
            for (Path file : files.filter(p -> p.toString().endsWith(".yaml"))
                    .filter(p -> !p.getFileName().toString().equals("kustomization.yaml")).sorted().toList()) {
                docs.addAll(StrictYaml.documents(Files.readString(file)));
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Cluster(Kafka kafka, List<KafkaNodePool> pools, List<KafkaTopic> topics) {
    }

    static Cluster parse(String variant) throws Exception {
        Kafka kafka = null;
        List<KafkaNodePool> pools = new ArrayList<>();
        List<KafkaTopic> topics = new ArrayList<>();
        for (JsonNode doc : documents(variant)) {
            assertThat(doc.path("apiVersion").asText()).isEqualTo("kafka.strimzi.io/v1");
            switch (doc.path("kind").asText()) {
                case "Kafka" -> {
                    assertThat(kafka).as("one Kafka per variant").isNull();
                    kafka = StrictYaml.strict(doc, Kafka.class);
                }
                case "KafkaNodePool" -> pools.add(StrictYaml.strict(doc, KafkaNodePool.class));
                case "KafkaTopic" -> topics.add(StrictYaml.strict(doc, KafkaTopic.class));
                default -> throw new AssertionError("unexpected kind in kafka/" + variant + ": " + doc.path("kind"));
            }
        }
        assertThat(kafka).as("kafka/%s has a Kafka", variant).isNotNull();
        return new Cluster(kafka, pools, topics);
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "cloud"})
    void kustomizationListsEveryManifest(String variant) throws Exception {
        Path dir = ProjectFiles.resolve("kafka/" + variant);
        JsonNode kustomization = StrictYaml.TREE.readTree(Files.readString(dir.resolve("kustomization.yaml")));
        List<String> listed = new ArrayList<>();
        kustomization.path("resources").forEach(r -> listed.add(r.asText()));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(listed).containsExactlyInAnyOrderElementsOf(files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml")).toList());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "cloud"})
    void kraftClusterWithNodePoolsAndThePlatformTopics(String variant) throws Exception {
        Cluster cluster = parse(variant);
        Kafka kafka = cluster.kafka();
        String name = kafka.getMetadata().getName();
        String namespace = kafka.getMetadata().getNamespace();
        // KRaft with node pools is Strimzi's only mode; these annotations are ignored since 0.48.
        assertThat(kafka.getMetadata().getAnnotations() == null ? Map.<String, String>of() : kafka.getMetadata().getAnnotations())
                .as("annotations Strimzi ignores").doesNotContainKeys("strimzi.io/kraft", "strimzi.io/node-pools");
        // DOKS nodes carry no topology.kubernetes.io/zone label: a rack topologyKey would keep the
        // brokers from starting there. Rack awareness is an opt-in comment in kafka/cloud.
        assertThat(kafka.getSpec().getKafka().getRack()).as("rack awareness in kafka/%s", variant).isNull();
        assertThat(kafka.getSpec().getKafka().getVersion()).as("Kafka version = root pom kafka.version")
                .isEqualTo(RootPom.property("kafka.version"));
        assertThat(kafka.getSpec().getKafka().getConfig()).containsEntry("auto.create.topics.enable", false);
        assertThat(kafka.getSpec().getEntityOperator().getTopicOperator()).as("KafkaTopics need the topic operator").isNotNull();
        List<GenericKafkaListener> listeners = kafka.getSpec().getKafka().getListeners();
        // local: the plain listener 9092; cloud: only the authenticated TLS listener 9093 (KafkaAccessTest)
        assertThat(listeners).anySatisfy(l -> assertThat(l.getPort()).isEqualTo(variant.equals("local") ? 9092 : 9093));

        assertThat(cluster.pools()).isNotEmpty();
        assertThat(cluster.pools()).flatExtracting(p -> p.getSpec().getRoles())
                .contains(ProcessRoles.CONTROLLER, ProcessRoles.BROKER);
        for (KafkaNodePool pool : cluster.pools()) {
            assertThat(pool.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", name);
            assertThat(pool.getMetadata().getNamespace()).isEqualTo(namespace);
        }
        assertThat(cluster.topics()).extracting(t -> t.getMetadata().getName()).containsExactlyInAnyOrderElementsOf(TOPICS);
        for (KafkaTopic topic : cluster.topics()) {
            assertThat(topic.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", name);
            assertThat(topic.getMetadata().getNamespace()).isEqualTo(namespace);
            assertThat(topic.getSpec().getPartitions()).isPositive();
        }
    }

    @ParameterizedTest
    @CsvSource({"local, 1, 1", "cloud, 3, 2"})
    void replicationMatchesTheVariant(String variant, int replicas, int minInSync) throws Exception {
        Cluster cluster = parse(variant);
        int brokers = cluster.pools().stream().filter(p -> p.getSpec().getRoles().contains(ProcessRoles.BROKER))
                .mapToInt(p -> p.getSpec().getReplicas()).sum();
        int controllers = cluster.pools().stream().filter(p -> p.getSpec().getRoles().contains(ProcessRoles.CONTROLLER))
                .mapToInt(p -> p.getSpec().getReplicas()).sum();
        assertThat(brokers).isEqualTo(replicas);
        assertThat(controllers).as("KRaft quorum size").isEqualTo(replicas);
        Map<String, Object> config = cluster.kafka().getSpec().getKafka().getConfig();
        assertThat(config).containsEntry("default.replication.factor", replicas)
                .containsEntry("min.insync.replicas", minInSync)
                .containsEntry("offsets.topic.replication.factor", replicas)
                .containsEntry("transaction.state.log.replication.factor", replicas)
                .containsEntry("transaction.state.log.min.isr", minInSync);
        for (KafkaTopic topic : cluster.topics()) {
            assertThat(topic.getSpec().getReplicas()).as("replicas of %s", topic.getMetadata().getName()).isEqualTo(replicas);
            assertThat(topic.getSpec().getConfig()).as("config of %s", topic.getMetadata().getName())
                    .containsEntry("min.insync.replicas", minInSync);
        }
    }
}
