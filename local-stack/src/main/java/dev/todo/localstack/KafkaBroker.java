package dev.todo.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A real Apache Kafka broker in KRaft mode (combined broker + controller, one node), run as its own
 * JVM from the Kafka jars on Maven Central, with the topics of SPEC §3 created by the Admin client.
 */
public final class KafkaBroker {

    public static final String BOOTSTRAP = "127.0.0.1:9092";
    public static final int CONTROLLER_PORT = 9093;
    public static final int PARTITIONS = 3;
    public static final List<String> TOPICS = List.of("task-events", "task-updates", "reminders", "task-events-dlq", "reminders-dlq");

    private KafkaBroker() {
    }

    public static ManagedProcess start(Workspace workspace, Path runDir, String java, Waits waits,
                                       Consumer<ManagedProcess> started) {
        Path libs = workspace.kafkaLibs();
        if (!Files.isDirectory(libs)) {
            throw new StackStartupException("kafka", "the broker's class path " + libs + " is missing"
                    + System.lineSeparator() + "what to do: run ./mvnw -q -B -pl local-stack -am package -DskipTests");
        }
        Path dir = runDir.resolve("kafka");
        Path config = dir.resolve("server.properties");
        Path logConfig = dir.resolve("log4j2.properties");
        try {
            Files.createDirectories(dir);
            Files.writeString(config, serverProperties(dir.resolve("data")));
            Files.writeString(logConfig, LOG4J2);
        } catch (IOException e) {
            throw new StackStartupException("kafka", "cannot write " + config + ": " + e.getMessage(), e);
        }
        List<String> jvm = List.of(java, "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC",
                "-Dlog4j2.configurationFile=" + logConfig, "-cp", libs + "/*");
        Path log = runDir.resolve("logs/kafka.log");

        // KRaft needs its storage formatted with a cluster id before the first start.
        List<String> format = new ArrayList<>(jvm);
        format.addAll(List.of("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()));
        ManagedProcess formatting = ManagedProcess.start("kafka-storage-format", format, Map.of(), dir, log);
        started.accept(formatting);
        if (!formatting.waitFor(Duration.ofSeconds(120))) {
            formatting.stop(Duration.ofSeconds(5));
            throw Waits.failure("kafka", "kafka-storage format did not finish in 120s", formatting, "see the log above");
        }
        if (formatting.exitCode() != 0) {
            throw Waits.failure("kafka", "kafka-storage format failed (exit " + formatting.exitCode() + ")", formatting,
                    "see the log above");
        }

        List<String> server = new ArrayList<>(jvm);
        server.addAll(List.of("kafka.Kafka", config.toString()));
        ManagedProcess broker = ManagedProcess.start("kafka", server, Map.of(), dir, log);
        started.accept(broker);
        waits.until("kafka", "broker on " + BOOTSTRAP + " answering the Admin client", Duration.ofSeconds(120), broker,
                "check that ports 9092/9093 are free and see " + log, KafkaBroker::clusterAnswers);
        createTopics(broker, waits);
        return broker;
    }

    static String serverProperties(Path dataDir) {
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + CONTROLLER_PORT,
                "listeners=PLAINTEXT://" + BOOTSTRAP + ",CONTROLLER://127.0.0.1:" + CONTROLLER_PORT,
                "advertised.listeners=PLAINTEXT://" + BOOTSTRAP,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dataDir,
                "num.partitions=" + PARTITIONS,
                // One broker: internal topics cannot have more than one replica.
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                // Consumers join at once instead of waiting 3 s for more members.
                "group.initial.rebalance.delay.ms=0",
                // Topics are created explicitly (SPEC §3); a typo in a topic name must fail, not create a topic.
                "auto.create.topics.enable=false",
                "");
    }

    private static boolean clusterAnswers() {
        try (Admin admin = admin()) {
            return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
        } catch (Exception notYet) {
            return false;
        }
    }

    private static void createTopics(ManagedProcess broker, Waits waits) {
        try (Admin admin = admin()) {
            List<NewTopic> topics = TOPICS.stream().map(name -> new NewTopic(name, PARTITIONS, (short) 1)).toList();
            admin.createTopics(topics).values().forEach((name, future) -> {
                try {
                    future.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("topic " + name + ": " + e.getCause().getMessage(), e);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException("topic " + name + ": " + e.getMessage(), e);
                }
            });
            // The controller has accepted the topics; wait until the broker's metadata shows them.
            waits.until("kafka topics", String.join(", ", TOPICS) + " with " + PARTITIONS + " partitions each",
                    Duration.ofSeconds(60), broker, "see the broker log", () -> topicsReady(admin));
        } catch (StackStartupException e) {
            throw e;
        } catch (Exception e) {
            throw Waits.failure("kafka", "creating the topics failed: " + e.getMessage(), broker, "see the broker log");
        }
    }

    private static boolean topicsReady(Admin admin) {
        try {
            return admin.describeTopics(TOPICS).allTopicNames().get(5, TimeUnit.SECONDS).values().stream()
                    .allMatch(topic -> topic.partitions().size() == PARTITIONS);
        } catch (Exception notYet) {
            return false;
        }
    }

    public static Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        return Admin.create(props);
    }

    private static final String LOG4J2 = String.join("\n",
            "status = warn",
            "appender.console.type = Console",
            "appender.console.name = STDOUT",
            "appender.console.layout.type = PatternLayout",
            "appender.console.layout.pattern = [%d] %p %m (%c)%n",
            "rootLogger.level = info",
            "rootLogger.appenderRef.stdout.ref = STDOUT",
            "logger.kafka.name = kafka",
            "logger.kafka.level = info",
            "logger.state.name = state.change.logger",
            "logger.state.level = warn",
            "");
}
