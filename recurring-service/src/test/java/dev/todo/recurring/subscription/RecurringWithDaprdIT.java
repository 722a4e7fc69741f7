package dev.todo.recurring.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todo.common.events.TaskEvent;
import dev.todo.common.events.TaskEventType;
import dev.todo.common.test.DaprCloudEvents;
import dev.todo.common.test.SharedPostgres;
import dev.todo.recurring.occurrence.Outcome;
import dev.todo.recurring.occurrence.ProcessedEvents;
import dev.todo.recurring.occurrence.Tasks;
import dev.todo.recurring.occurrence.TodoApiClient;
import dev.todo.recurring.occurrence.TransientFailureException;
import dev.todo.recurring.support.RealDaprd;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * recurring-service with a real daprd whose state store is state.postgresql on a real PostgreSQL:
 * the processed-event records, first-write concurrency and the "todo-api unreachable" answer are
 * Dapr's own. todo-api itself is not running here; creating occurrences through it is the
 * end-to-end suite's part.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = {
        "todo.security.app-api-token=" + RecurringWithDaprdIT.APP_TOKEN,
        "todo.dapr.api-token=" + RecurringWithDaprdIT.DAPR_TOKEN,
        "recurring.dapr-timeout=PT20S"})
class RecurringWithDaprdIT {

    static final String APP_TOKEN = "it-app-token";
    static final String DAPR_TOKEN = "it-dapr-token";
    private static final String DATABASE = "dapr_state_it";
    private static final int APP_PORT = RealDaprd.freePort();
    private static RealDaprd daprd;

    @DynamicPropertySource
    static void sidecar(DynamicPropertyRegistry registry) {
        String jdbcUrl = SharedPostgres.jdbcUrl(DATABASE);
        daprd = RealDaprd.start("recurring-service", APP_PORT, APP_TOKEN, DAPR_TOKEN, Map.of("statestore.yaml", """
                apiVersion: dapr.io/v1alpha1
                kind: Component
                metadata:
                  name: statestore
                spec:
                  type: state.postgresql
                  version: v1
                  metadata:
                    - name: connectionString
                      value: "host=127.0.0.1 port=%d user=%s password=%s database=%s"
                    - name: tableName
                      value: dapr_state
                """.formatted(SharedPostgres.instance().getPort(), SharedPostgres.username(),
                SharedPostgres.password(), DATABASE)));
        registry.add("server.port", () -> APP_PORT);
        registry.add("todo.dapr.http-port", () -> daprd.httpPort);
        registry.add("todo.dapr.grpc-port", () -> daprd.grpcPort);
        registry.add("test.jdbc-url", () -> jdbcUrl);
    }

    @AfterAll
    static void stopSidecar() {
        if (daprd != null) {
            daprd.close();
        }
    }

    @Autowired
    ObjectMapper json;
    @Autowired
    TodoApiClient todoApi;
    @Autowired
    ProcessedEvents processed;
    @org.springframework.beans.factory.annotation.Value("${test.jdbc-url}")
    String jdbcUrl;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void sidecarReady() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> daprd.outboundReady(DAPR_TOKEN));
    }

    @Test
    void processedRecordsAreKeptInTheStateStoreAndTheFirstWriteWins() throws Exception {
        UUID eventId = UUID.randomUUID();
        assertThat(processed.isProcessed(eventId)).isFalse();

        processed.markProcessed(eventId, Outcome.CREATED);
        // a second replica finishing the same event: the store refuses the write, the record stands
        processed.markProcessed(eventId, Outcome.DUPLICATE);

        assertThat(processed.isProcessed(eventId)).isTrue();
        assertThat(stored("processed-" + eventId)).singleElement().asString().contains("CREATED");
    }

    @Test
    void aCompletionsTwoRecordsAreReadInOneCallThroughTheSidecar() {
        UUID eventId = UUID.randomUUID();
        String series = "series-" + UUID.randomUUID();
        assertThat(processed.lookUp(eventId, series, 2)).isEqualTo(new ProcessedEvents.Records(false, false));

        processed.markCreated(series, 2, eventId);
        assertThat(processed.lookUp(eventId, series, 2)).isEqualTo(new ProcessedEvents.Records(false, true));

        processed.markProcessed(eventId, Outcome.CREATED);
        assertThat(processed.lookUp(eventId, series, 2)).isEqualTo(new ProcessedEvents.Records(true, true));
        assertThat(processed.lookUp(eventId, series, 3)).isEqualTo(new ProcessedEvents.Records(true, false));
    }

    @Test
    void aCompletionsTwoRecordsAreWrittenInOneTransactionThroughTheSidecar() throws Exception {
        UUID eventId = UUID.randomUUID();
        String series = "series-" + UUID.randomUUID();
        Map<String, Long> before = daprd.stateOperations();

        processed.markCreatedAndProcessed(eventId, series, 2);

        assertStateWritesSince(before, Map.of("transaction ok", 1L));
        assertThat(processed.lookUp(eventId, series, 2)).isEqualTo(new ProcessedEvents.Records(true, true));
        assertThat(stored("processed-" + eventId)).singleElement().asString().contains("CREATED");
        assertThat(stored("occurrence-" + series + "-2")).singleElement().asString().contains(eventId.toString());
    }

    @Test
    void aRecordAnotherReplicaWroteFirstIsKeptAndTheOtherStillWritten() throws Exception {
        UUID eventId = UUID.randomUUID();
        String series = "series-" + UUID.randomUUID();
        UUID otherReplicasEvent = UUID.randomUUID();
        processed.markCreated(series, 2, otherReplicasEvent);
        List<String> first = stored("occurrence-" + series + "-2");
        Map<String, Long> before = daprd.stateOperations();

        processed.markCreatedAndProcessed(eventId, series, 2);

        // state.postgresql refuses the first-write upsert of the present key and rolls the transaction back
        assertStateWritesSince(before, Map.of("transaction failed", 1L, "set failed", 1L, "set ok", 1L));
        assertThat(stored("occurrence-" + series + "-2")).isEqualTo(first).singleElement().asString()
                .contains(otherReplicasEvent.toString());
        assertThat(processed.lookUp(eventId, series, 2)).isEqualTo(new ProcessedEvents.Records(true, true));
    }

    @Test
    void anUncompletionForgetsTheSuccessorAndRecordsItselfInOneTransactionThroughTheSidecar() throws Exception {
        UUID completion = UUID.randomUUID();
        UUID uncompletion = UUID.randomUUID();
        String series = "series-" + UUID.randomUUID();
        processed.markCreatedAndProcessed(completion, series, 2);
        Map<String, Long> before = daprd.stateOperations();

        processed.forgetCreatedAndMarkProcessed(uncompletion, Outcome.REMOVED, series, 2);

        assertStateWritesSince(before, Map.of("transaction ok", 1L));
        assertThat(stored("occurrence-" + series + "-2")).isEmpty();
        assertThat(stored("processed-" + uncompletion)).singleElement().asString().contains("REMOVED");
        assertThat(processed.lookUp(completion, series, 2)).isEqualTo(new ProcessedEvents.Records(true, false));
    }

    @Test
    void anEndedSeriesIsRecordedAndItsRedeliveryRecognised() throws Exception {
        Instant due = Instant.parse("2026-03-02T08:00:00Z");
        TaskEvent completed = Tasks.event(TaskEventType.COMPLETED,
                Tasks.recurring(31, "FREQ=DAILY;COUNT=2", "due", "UTC", due, 2, due));
        String body = DaprCloudEvents.envelope(json, "task-events", completed);

        assertThat(deliver(body)).isEqualTo("SUCCESS");
        List<String> first = stored("processed-" + completed.eventId());
        assertThat(deliver(body)).isEqualTo("SUCCESS");

        assertThat(first).singleElement().asString().contains("SERIES_ENDED");
        assertThat(stored("processed-" + completed.eventId())).isEqualTo(first);
    }

    @Test
    void serviceInvocationsDoNotGrowAThreadPerCall() {
        int threadsBefore = Thread.getAllStackTraces().size();
        java.util.Set<String> answers = new java.util.TreeSet<>();
        for (int i = 0; i < 200; i++) {
            // todo-api is not running: each call fails in daprd, after a round trip through the invocation client
            try {
                todoApi.removeNextOccurrence(1000 + i, 3);
            } catch (TransientFailureException e) {
                answers.add(e.getMessage().replaceAll("(?s).*?(status=\\d+).*", "$1"));
            }
        }

        assertThat(answers).as("every call answered by daprd, not failed on the way").containsExactly("status=500");
        assertThat(Thread.getAllStackTraces().size() - threadsBefore).as("threads started by 200 invocations")
                .isLessThanOrEqualTo(10);
        long poolThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("pool-"))
                .count();
        assertThat(poolThreads).as("threads of unnamed executor pools (the SDK's HTTP client)").isLessThanOrEqualTo(40);
    }

    @Test
    void aCompletionWhileTodoApiIsUnreachableIsRetriedAndLeavesNoRecord() throws Exception {
        Instant due = Instant.parse("2026-03-02T08:00:00Z");
        TaskEvent completed = Tasks.event(TaskEventType.COMPLETED,
                Tasks.recurring(32, "weekly", "due", "Europe/Berlin", due, 1, due));

        assertThat(deliver(DaprCloudEvents.envelope(json, "task-events", completed))).isEqualTo("RETRY");

        assertThat(processed.isProcessed(completed.eventId())).isFalse();
        assertThat(stored("occurrence-series-32-2")).isEmpty();
    }

    /** Delivers {@code body} as daprd's bulk subscription does (the one entry of a batch); its answer. */
    private String deliver(String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + APP_PORT + "/events/task-events"))
                .header("Content-Type", "application/json")
                .header("dapr-api-token", APP_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(DaprCloudEvents.bulk(json, "task-events", List.of(body))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return DaprCloudEvents.bulkStatuses(json, response.body()).get("0");
    }

    /**
     * The state-store writes (set, delete, transaction) daprd counted since {@code before}, awaited until they are
     * {@code expected}: daprd's metrics may trail the call that just returned.
     */
    private void assertStateWritesSince(Map<String, Long> before, Map<String, Long> expected) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            Map<String, Long> writes = new java.util.TreeMap<>();
            daprd.stateOperations().forEach((operation, count) -> {
                long since = count - before.getOrDefault(operation, 0L);
                if (since != 0 && operation.matches("(set|delete|transaction) .*")) {
                    writes.put(operation, since);
                }
            });
            assertThat(writes).isEqualTo(expected);
        });
    }

    /**
     * The rows daprd wrote for this app's key (Dapr prefixes keys with the app id). A state transaction hands the
     * store the value's bytes, which state.postgresql keeps base64-encoded (isbinary); they are decoded here.
     */
    private List<String> stored(String key) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, SharedPostgres.username(),
                SharedPostgres.password());
             PreparedStatement query = connection.prepareStatement(
                     "select value::text, isbinary, value #>> '{}' from dapr_state where key = ?")) {
            query.setString(1, "recurring-service||" + key);
            List<String> values = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getBoolean(2)
                            ? new String(java.util.Base64.getDecoder().decode(rows.getString(3)),
                                    java.nio.charset.StandardCharsets.UTF_8)
                            : rows.getString(1));
                }
            }
            return values;
        }
    }
}
