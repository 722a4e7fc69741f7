package dev.todo.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dapr.client.DaprClient;
import io.dapr.client.DaprClientBuilder;
import io.dapr.client.DaprPreviewClient;
import io.dapr.client.domain.DeleteJobRequest;
import io.dapr.client.domain.GetJobRequest;
import io.dapr.client.domain.HttpExtension;
import io.dapr.client.domain.ScheduleJobRequest;
import io.dapr.config.Properties;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Proves that what the services' Dapr Java SDK (1.16.1) sends works against the daprd and Scheduler
 * that local-stack/dapr-build builds (1.18.2), on real Kafka and PostgreSQL: a publish with a
 * partition key becomes a Kafka record with that key and a CloudEvent at the subscriber; a job
 * scheduled through the Jobs API fires back to the app; state goes through the PostgreSQL state
 * store (connection string from the local secret store); service invocation resolves through the
 * sqlite name resolver. The app is a small JDK HTTP server that takes recurring-service's identity,
 * whose component scopes include pub/sub, the state store and the secret store.
 */
class DaprRuntimeContractIT {

    private static final ServiceSpec PROBE = ServiceSpec.RECURRING_SERVICE;

    private static final Map<String, List<String>> RECEIVED = new ConcurrentHashMap<>();
    private static final List<String> TOKENS_SEEN = new CopyOnWriteArrayList<>();
    private static final List<ManagedProcess> PROCESSES = new CopyOnWriteArrayList<>();

    private static PostgresServer postgres;
    private static HttpServer app;
    private static DaprClient dapr;
    /** SDK 1.16 keeps the Jobs API on the preview client. */
    private static DaprPreviewClient jobs;
    private static RunSecrets secrets;
    private static MachineLock machineLock;

    @BeforeAll
    static void startRuntime() throws IOException {
        Path runDir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "dapr-contract-").toAbsolutePath();
        Files.createDirectories(runDir.resolve("logs"));
        Workspace workspace = Workspace.locate();
        Waits waits = new Waits(System.out);
        String java = ProcessHandle.current().info().command().orElse("java");
        secrets = RunSecrets.generate(Map.of(), List.of(PROBE));
        // The same fixed ports as the local stack: wait until no stack runs on this machine.
        machineLock = MachineLock.acquire(Duration.ofMinutes(20), System.out);
        Ports.requireFree(Ports.of(List.of(PROBE)));

        postgres = PostgresServer.start(runDir);
        PostgresServer.writeDaprSecretsFile(runDir);
        DaprBinaries binaries = DaprBinaries.ensure(workspace, System.out);
        KafkaBroker.start(workspace, runDir, java, waits, PROCESSES::add);
        DaprScheduler.start(binaries, runDir, waits, PROCESSES::add);

        app = HttpServer.create(new InetSocketAddress("127.0.0.1", PROBE.appPort()), 0);
        app.createContext("/", DaprRuntimeContractIT::handle);
        app.start();
        ManagedProcess daprd = Daprd.start(binaries, workspace, runDir, PROBE, secrets);
        PROCESSES.add(daprd);
        waits.until("daprd", "GET /v1.0/healthz = 204", Duration.ofSeconds(90), daprd, "see " + daprd.log(),
                () -> Http.status(PROBE.daprHttpUrl() + "/v1.0/healthz", Map.of()) == 204);

        DaprClientBuilder builder = new DaprClientBuilder().withPropertyOverrides(Map.of(
                Properties.SIDECAR_IP, "127.0.0.1",
                Properties.HTTP_PORT, String.valueOf(PROBE.daprHttpPort()),
                Properties.GRPC_PORT, String.valueOf(PROBE.daprGrpcPort()),
                Properties.API_TOKEN, secrets.daprApiToken(PROBE)));
        dapr = builder.build();
        jobs = builder.buildPreviewClient();
    }

    @AfterAll
    static void stopRuntime() throws Exception {
        if (dapr != null) {
            dapr.close();
        }
        if (jobs != null) {
            jobs.close();
        }
        List<ManagedProcess> newestFirst = new ArrayList<>(PROCESSES);
        Collections.reverse(newestFirst);
        newestFirst.forEach(process -> process.stop(Duration.ofSeconds(15)));
        if (app != null) {
            app.stop(0);
        }
        if (postgres != null) {
            postgres.close();
        }
        if (machineLock != null) {
            machineLock.close();
        }
    }

    /** The app side of the contract: subscription list, subscriber route, job callback, an invocable method. */
    private static void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String token = exchange.getRequestHeaders().getFirst("dapr-api-token");
        TOKENS_SEEN.add(token == null ? "<none>" : token);
        RECEIVED.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(body);
        switch (path) {
            case "/dapr/subscribe" -> respond(exchange, 200,
                    "[{\"pubsubname\":\"kafka-pubsub\",\"topic\":\"task-events\",\"route\":\"/events/task-events\"}]");
            case "/events/task-events" -> respond(exchange, 200, "{\"status\":\"SUCCESS\"}");
            case "/probe/echo" -> respond(exchange, 200, body);
            default -> respond(exchange, path.startsWith("/job/") ? 200 : 404, "{}");
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /*
     * The probe has recurring-service's identity, and the pub/sub scopes (dapr-components/local) let that app publish
     * only its own dead letters: so the keyed publish goes to task-events-dlq, the delivery to the subscriber is fed
     * by a record written as todo-api's sidecar writes it, and a publish outside the scopes is refused.
     */
    @Test
    void publishWithPartitionKeyBecomesAKeyedKafkaRecord() {
        String taskId = String.valueOf(System.nanoTime());
        dapr.publishEvent("kafka-pubsub", "task-events-dlq", Map.of("task_id", taskId, "event_type", "created"),
                Map.of("partitionKey", taskId)).block(Duration.ofSeconds(30));

        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of("task-events-dlq"));
            List<ConsumerRecord<String, String>> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(seen::add);
                return seen.stream().anyMatch(r -> taskId.equals(r.key()));
            });
            ConsumerRecord<String, String> record = seen.stream().filter(r -> taskId.equals(r.key())).findFirst().orElseThrow();
            assertThat(record.value()).contains("\"specversion\":\"1.0\"").contains("\"task_id\":\"" + taskId + "\"");
        }
    }

    @Test
    void aCloudEventOnASubscribedTopicReachesTheApp() throws Exception {
        String taskId = String.valueOf(System.nanoTime());
        String cloudEvent = "{\"specversion\":\"1.0\",\"id\":\"" + java.util.UUID.randomUUID() + "\",\"source\":\"todo-api\","
                + "\"type\":\"com.dapr.event.sent\",\"datacontenttype\":\"application/json\",\"topic\":\"task-events\","
                + "\"pubsubname\":\"kafka-pubsub\",\"data\":{\"task_id\":\"" + taskId + "\",\"event_type\":\"created\"}}";
        java.util.Properties props = new java.util.Properties();
        props.put(org.apache.kafka.clients.producer.ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.BOOTSTRAP);
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(props,
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.StringSerializer())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("task-events", taskId, cloudEvent))
                    .get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(RECEIVED.getOrDefault("/events/task-events", List.of())).anySatisfy(body ->
                        assertThat(body).contains(taskId).contains("\"topic\":\"task-events\"")));
    }

    @Test
    void aPublishOutsideTheAppsPublishingScopesIsRefused() {
        assertThatThrownBy(() -> dapr.publishEvent("kafka-pubsub", "task-events", Map.of("task_id", "1"))
                .block(Duration.ofSeconds(30)))
                .hasMessageContaining("PERMISSION_DENIED").hasMessageContaining("task-events");
    }

    @Test
    void scheduledJobFiresBackToTheAppAndAFutureJobCanBeDeleted() {
        String name = "reminder-" + System.nanoTime();
        jobs.scheduleJob(new ScheduleJobRequest(name, Instant.now().plusSeconds(2))
                .setData("{\"task_id\":7}".getBytes(StandardCharsets.UTF_8))).block(Duration.ofSeconds(30));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(RECEIVED.getOrDefault("/job/" + name, List.of())).isNotEmpty());
        System.out.println("job callback body as the app receives it: " + RECEIVED.get("/job/" + name));

        String later = "reminder-later-" + System.nanoTime();
        jobs.scheduleJob(new ScheduleJobRequest(later, Instant.now().plus(Duration.ofHours(1)))).block(Duration.ofSeconds(30));
        assertThat(jobs.getJob(new GetJobRequest(later)).block(Duration.ofSeconds(30)).getName()).isEqualTo(later);
        jobs.deleteJob(new DeleteJobRequest(later)).block(Duration.ofSeconds(30));
        // Dapr 1.18.2 answers INTERNAL wrapping "NotFound ... job not found" here, not NOT_FOUND.
        assertThatThrownBy(() -> jobs.getJob(new GetJobRequest(later)).block(Duration.ofSeconds(30)))
                .hasMessageContaining("job not found");
    }

    @Test
    void stateRoundTripsThroughThePostgresStateStore() {
        String key = "occurrence-" + System.nanoTime();
        dapr.saveState("statestore", key, "created").block(Duration.ofSeconds(30));

        assertThat(dapr.getState("statestore", key, String.class).block(Duration.ofSeconds(30)).getValue()).isEqualTo("created");
    }

    @Test
    @SuppressWarnings("unchecked")
    void invocationResolvesTheAppIdAndCarriesTheAppToken() {
        Map<String, Object> echoed = dapr.invokeMethod(PROBE.appId(), "probe/echo", Map.of("id", 42), HttpExtension.POST, Map.class)
                .block(Duration.ofSeconds(30));

        assertThat(echoed).containsEntry("id", 42);
        assertThat(TOKENS_SEEN).isNotEmpty().allMatch(secrets.appApiToken(PROBE)::equals);
    }

    private static KafkaConsumer<String, String> consumer() {
        java.util.Properties props = new java.util.Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.BOOTSTRAP);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "contract-it-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(props);
    }
}
