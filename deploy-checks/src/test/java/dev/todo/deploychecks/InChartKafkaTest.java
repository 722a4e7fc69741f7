package dev.todo.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The optional single-node Kafka (kafka.enabled) for clusters without Strimzi: a KRaft broker and
 * controller in one StatefulSet, reached through a ClusterIP Service whose name it advertises, its
 * topics (those of kafka/local, with their partitions) made by a Job, and the pub/sub component
 * pointed at it.
 */
class InChartKafkaTest {

    static final Map<String, Object> ON = Map.of("kafka.enabled", true);

    static <T> T typed(RenderedChart chart, String kind, String name, Class<T> type) throws Exception {
        return type.cast(KubernetesModel.strict(chart.named(kind, name)));
    }

    @Test
    void offByDefaultAndThePubSubUsesStrimzi() {
        RenderedChart chart = RenderedChart.render(null, Map.of());
        assertThat(chart.matching(o -> o.path("metadata").path("name").asText().contains("kafka")
                && !o.path("kind").asText().equals("Component") && !o.path("kind").asText().equals("Resiliency"))).isEmpty();
        assertThat(brokers(chart)).isEqualTo("todo-kafka-kafka-bootstrap.kafka.svc:9092");
    }

    @Test
    void aBrokerThatAdvertisesItsClusterIpServiceName() throws Exception {
        RenderedChart chart = RenderedChart.render(null, ON);
        Service service = typed(chart, "Service", "todo-app-kafka", Service.class);
        assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> assertThat(p.getPort()).isEqualTo(9092));
        Service headless = typed(chart, "Service", "todo-app-kafka-headless", Service.class);
        assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");

        StatefulSet sts = typed(chart, "StatefulSet", "todo-app-kafka", StatefulSet.class);
        assertThat(sts.getSpec().getServiceName()).isEqualTo("todo-app-kafka-headless");
        assertThat(sts.getSpec().getReplicas()).isEqualTo(1);
        assertThat(service.getSpec().getSelector()).isEqualTo(sts.getSpec().getSelector().getMatchLabels());
        assertThat(sts.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(service.getSpec().getSelector());
        PodSpec pod = sts.getSpec().getTemplate().getSpec();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(65532L);
        assertThat(pod.getSecurityContext().getFsGroup()).as("the data volume is writable by the broker").isEqualTo(65532L);
        Container kafka = pod.getContainers().get(0);
        assertThat(kafka.getImage()).isEqualTo("docker.io/apache/kafka:4.1.1");
        assertThat(kafka.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(kafka.getVolumeMounts()).extracting(m -> m.getMountPath()).contains("/var/lib/kafka", "/etc/kafka", "/tmp");
        assertThat(sts.getSpec().getVolumeClaimTemplates()).singleElement().satisfies(pvc -> {
            assertThat(pvc.getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("5Gi");
            assertThat(pvc.getSpec().getStorageClassName()).as("the default class").isNull();
        });

        String script = String.join("\n", kafka.getArgs());
        assertThat(kafka.getCommand()).containsExactly("/bin/sh", "-ec");
        // Only the jars of the distribution: no bin/kafka-*.sh.
        assertThat(script).doesNotContain("kafka-server-start", "kafka-storage", "/opt/kafka/bin");
        assertThat(script).contains("-cp '/opt/kafka/libs/*'", "kafka.tools.StorageTool format",
                "--config /etc/kafka/server.properties", "--cluster-id 'LzqYGKfmT-OeyUpE-HM6uw'", "--standalone",
                "--ignore-formatted", "exec java", "kafka.Kafka /etc/kafka/server.properties",
                "-Dlog4j2.configurationFile=/etc/kafka/log4j2.properties");
        assertThat(kafka.getEnv()).singleElement().satisfies(e -> {
            assertThat(e.getName()).isEqualTo("JAVA_TOOL_OPTIONS");
            assertThat(e.getValue()).contains("-Xmx384m");
        });

        Properties server = properties(typed(chart, "ConfigMap", "todo-app-kafka", ConfigMap.class), "server.properties");
        assertThat(server).containsEntry("process.roles", "broker,controller")
                .containsEntry("advertised.listeners", "PLAINTEXT://todo-app-kafka.todo.svc:9092")
                .containsEntry("listeners", "PLAINTEXT://0.0.0.0:9092,CONTROLLER://127.0.0.1:9093")
                .containsEntry("controller.quorum.bootstrap.servers", "127.0.0.1:9093")
                .containsEntry("log.dirs", "/var/lib/kafka/data")
                .containsEntry("auto.create.topics.enable", "false")
                .containsEntry("offsets.topic.replication.factor", "1");
        assertThat(server).as("--standalone needs a dynamic quorum").doesNotContainKey("controller.quorum.voters");
        Properties log4j2 = properties(typed(chart, "ConfigMap", "todo-app-kafka", ConfigMap.class), "log4j2.properties");
        assertThat(log4j2).containsEntry("appender.console.type", "Console").containsEntry("appender.console.target", "SYSTEM_OUT");
        assertThat(sts.getSpec().getTemplate().getMetadata().getAnnotations()).containsKey("checksum/config");

        assertThat(brokers(chart)).as("the pub/sub component follows the in-chart broker").isEqualTo("todo-app-kafka.todo.svc:9092");
        assertThat(brokers(RenderedChart.render(null, Map.of("kafka.enabled", true, "dapr.pubsub.brokers", "kafka.example:9092"))))
                .as("an explicit broker list wins").isEqualTo("kafka.example:9092");
    }

    @Test
    void aJobCreatesTheTopicsOfKafkaLocalOnceTheBrokerAnswers() throws Exception {
        RenderedChart chart = RenderedChart.render(null, ON);
        List<JsonNode> jobs = chart.ofKind("Job");
        assertThat(jobs).hasSize(1);
        Job job = (Job) KubernetesModel.strict(jobs.get(0));
        assertThat(job.getMetadata().getName()).matches("todo-app-kafka-topics-[0-9a-f]{8}");
        assertThat(job.getMetadata().getAnnotations()).as("a plain Job of the release, not a hook")
                .satisfiesAnyOf(a -> assertThat(a).isNull(), a -> assertThat(a).doesNotContainKey("helm.sh/hook"));
        assertThat(job.getMetadata().getLabels()).containsEntry("app.kubernetes.io/component", "kafka-topics");
        Container topics = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        String script = String.join("\n", topics.getArgs());
        assertThat(script).contains("org.apache.kafka.tools.TopicCommand", "--bootstrap-server todo-app-kafka.todo.svc:9092",
                "until topics --list");
        Map<String, Integer> created = new LinkedHashMap<>();
        Matcher m = Pattern.compile("--create --if-not-exists --topic (\\S+) --partitions (\\d+) --replication-factor 1").matcher(script);
        while (m.find()) {
            created.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        Map<String, Integer> local = new LinkedHashMap<>();
        StrimziManifestsTest.parse("local").topics().forEach(t -> local.put(t.getMetadata().getName(), t.getSpec().getPartitions()));
        assertThat(created).as("topics and partitions as kafka/local/topics.yaml").isEqualTo(local);
        assertThat(created).containsOnlyKeys(StrimziManifestsTest.TOPICS);

        // Another topic list is another Job (a Job's pod template cannot change in place).
        Job other = (Job) KubernetesModel.strict(RenderedChart.render(null, Map.of("kafka.enabled", true,
                "kafka.topics[0].name", "task-events", "kafka.topics[0].partitions", 12)).ofKind("Job").get(0));
        assertThat(other.getMetadata().getName()).isNotEqualTo(job.getMetadata().getName());
    }

    @Test
    void storageClassAndClusterIdComeFromValues() throws Exception {
        RenderedChart chart = RenderedChart.render(null, Map.of("kafka.enabled", true, "kafka.storageClassName", "fast",
                "kafka.storage", "20Gi"));
        StatefulSet sts = typed(chart, "StatefulSet", "todo-app-kafka", StatefulSet.class);
        assertThat(sts.getSpec().getVolumeClaimTemplates().get(0).getSpec().getStorageClassName()).isEqualTo("fast");
        assertThat(sts.getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources().getRequests().get("storage").toString())
                .isEqualTo("20Gi");
        assertThatThrownBy(() -> RenderedChart.render(null, Map.of("kafka.enabled", true, "kafka.clusterId", "not a uuid; rm -rf")))
                .hasMessageContaining("/kafka/clusterId");
        assertThatThrownBy(() -> RenderedChart.render(null, Map.of("kafka.enabled", true, "kafka.image", "apache/kafka:latest")))
                .hasMessageContaining("/kafka/image");
    }

    static Properties properties(ConfigMap configMap, String key) throws Exception {
        Properties properties = new Properties();
        properties.load(new StringReader(configMap.getData().get(key)));
        return properties;
    }

    static String brokers(RenderedChart chart) {
        for (JsonNode item : chart.named("Component", "kafka-pubsub").path("spec").path("metadata")) {
            if (item.path("name").asText().equals("brokers")) {
                return item.path("value").asText();
            }
        }
        throw new AssertionError("no brokers in kafka-pubsub");
    }
}
