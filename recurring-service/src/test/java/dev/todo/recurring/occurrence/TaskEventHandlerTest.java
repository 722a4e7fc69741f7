package dev.todo.recurring.occurrence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.todo.common.events.NextOccurrenceRequest;
import dev.todo.common.events.TaskData;
import dev.todo.common.events.TaskEvent;
import dev.todo.common.events.TaskEventType;
import io.dapr.client.DaprClient;
import io.dapr.client.domain.State;
import io.dapr.client.domain.StateOptions;
import io.dapr.client.domain.TransactionalStateOperation;
import io.dapr.client.domain.TransactionalStateOperation.OperationType;
import io.dapr.exceptions.DaprException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import reactor.core.publisher.Mono;

/**
 * The handler with its real collaborators, a mocked DaprClient whose state calls keep a map, and todo-api's
 * invocation route answered by a local HTTP server in the sidecar's place.
 */
class TaskEventHandlerTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    private static final String CREATE_ROUTE = "internal/tasks/7/next-occurrence";

    private final ObjectMapper json = JsonMapper.builder().findAndAddModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    private final Map<String, byte[]> store = new ConcurrentHashMap<>();
    private final TodoApiSidecar sidecar = new TodoApiSidecar();
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private DaprClient dapr;
    private TaskEventHandler handler;

    @AfterEach
    void stopSidecar() {
        sidecar.close();
    }

    @BeforeEach
    void setUp() {
        dapr = mock(DaprClient.class);
        when(dapr.getState(eq(ProcessedEvents.STORE), anyString(), eq(byte[].class))).thenAnswer(call -> {
            String key = call.getArgument(1);
            return Mono.just(new State<>(key, store.getOrDefault(key, new byte[0]), null));
        });
        when(dapr.getBulkState(eq(ProcessedEvents.STORE), anyList(), eq(byte[].class))).thenAnswer(call -> {
            List<String> keys = call.getArgument(1);
            return Mono.just(keys.stream()
                    .map(key -> new State<>(key, store.getOrDefault(key, new byte[0]), null)).toList());
        });
        when(dapr.saveState(eq(ProcessedEvents.STORE), anyString(), isNull(), any(), any(StateOptions.class)))
                .thenAnswer(call -> {
                    StateOptions options = call.getArgument(4);
                    assertThat(options.getConcurrency()).isEqualTo(StateOptions.Concurrency.FIRST_WRITE);
                    byte[] value = json.writeValueAsBytes(call.getArgument(3));
                    // what state.postgresql does with first-write and no etag on an existing key
                    return store.putIfAbsent(call.getArgument(1), value) == null
                            ? Mono.empty()
                            : Mono.error(new DaprException("ERR_STATE_SAVE", "no item was updated", new byte[0], 500));
                });
        when(dapr.executeStateTransaction(eq(ProcessedEvents.STORE), anyList())).thenAnswer(call -> {
            List<TransactionalStateOperation<?>> operations = call.getArgument(1);
            // state.postgresql v1: one database transaction, and a first-write upsert of a present key rolls it back
            for (TransactionalStateOperation<?> operation : operations) {
                State<?> request = operation.getRequest();
                if (operation.getOperation() == OperationType.UPSERT) {
                    assertThat(request.getOptions().getConcurrency()).isEqualTo(StateOptions.Concurrency.FIRST_WRITE);
                    assertThat(request.getEtag()).isNull();
                    if (store.containsKey(request.getKey())) {
                        return Mono.error(new DaprException("ERR_STATE_TRANSACTION",
                                "error while executing state transaction: no item was updated", new byte[0], 500));
                    }
                }
            }
            for (TransactionalStateOperation<?> operation : operations) {
                String key = operation.getRequest().getKey();
                if (operation.getOperation() == OperationType.UPSERT) {
                    store.put(key, json.writeValueAsBytes(operation.getRequest().getValue()));
                } else {
                    store.remove(key);
                }
            }
            return Mono.empty();
        });
        when(dapr.deleteState(eq(ProcessedEvents.STORE), anyString())).thenAnswer(call -> {
            store.remove(call.<String>getArgument(1));
            return Mono.empty();
        });
        handler = handlerThrough(sidecar.clients());
    }

    private TaskEventHandler handlerThrough(dev.todo.common.dapr.DaprInvocationClients invocation) {
        RecurringProperties properties = new RecurringProperties(Duration.ofSeconds(1));
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        return new TaskEventHandler(new NextOccurrencePlanner(clock), new ProcessedEvents(dapr, clock, properties, meters),
                new TodoApiClient(invocation, json, properties));
    }

    /** todo-api's invocations so far, each as "METHOD route?query". */
    private List<String> invocations() {
        return sidecar.requests().stream().map(request -> request.method() + " " + request.pathAndQuery()).toList();
    }

    private static TaskData weekly(int occurrence) {
        return Tasks.recurring(7, "weekly", "due", "Europe/Berlin", Instant.parse("2026-03-02T08:00:00Z"),
                occurrence, NOW);
    }

    @Test
    void completingARecurringTaskCreatesTheNextOccurrenceThroughDapr() throws Exception {
        TaskEvent completed = Tasks.event(TaskEventType.COMPLETED, weekly(1));

        assertThat(handler.handle(completed)).isEqualTo(Outcome.CREATED);

        assertThat(invocations()).containsExactly("POST " + CREATE_ROUTE);
        String sent = sidecar.requests().get(0).body();
        assertThat(json.readValue(sent, NextOccurrenceRequest.class)).isEqualTo(
                new NextOccurrenceRequest("series-7", 2, Instant.parse("2026-03-09T08:00:00Z"), "u1", 3L));
        assertThat(sent).contains("\"series_id\"", "\"due_at\":\"2026-03-09T08:00:00Z\"", "\"source_version\":3");
        assertThat(store).containsKeys("processed-" + completed.eventId(), "occurrence-series-7-2");
    }

    @Test
    void theSameEventDeliveredTwiceInvokesTodoApiOnce() {
        TaskEvent completed = Tasks.event(TaskEventType.COMPLETED, weekly(1));

        assertThat(handler.handle(completed)).isEqualTo(Outcome.CREATED);
        assertThat(handler.handle(completed)).isEqualTo(Outcome.DUPLICATE);

        assertThat(invocations()).hasSize(1);
    }

    @Test
    void anotherCompletedEventForTheSameOccurrenceCreatesNothingNew() {
        // e.g. the topic replayed from the start after processed records were lost, or a republished completion
        assertThat(handler.handle(Tasks.event(TaskEventType.COMPLETED, weekly(1)))).isEqualTo(Outcome.CREATED);
        assertThat(handler.handle(Tasks.event(TaskEventType.COMPLETED, weekly(1)))).isEqualTo(Outcome.ALREADY_CREATED);

        assertThat(invocations()).hasSize(1);
    }

    @Test
    void uncompletingRemovesTheOccurrenceAndALaterCompletionCreatesItAgain() {
        assertThat(handler.handle(Tasks.event(TaskEventType.COMPLETED, weekly(1)))).isEqualTo(Outcome.CREATED);

        assertThat(handler.handle(Tasks.event(TaskEventType.UNCOMPLETED, weekly(1)))).isEqualTo(Outcome.REMOVED);
        // the retract call carries the event's task version (3 in Tasks#recurring) and no body
        assertThat(sidecar.requests()).last().isEqualTo(
                new TodoApiSidecar.Request("DELETE", CREATE_ROUTE + "?source_version=3", ""));
        assertThat(store).doesNotContainKey("occurrence-series-7-2");

        assertThat(handler.handle(Tasks.event(TaskEventType.COMPLETED, weekly(1)))).isEqualTo(Outcome.CREATED);
    }

    @Test
    void aTouchedOccurrenceIsKeptAndThatIsSuccess() {
        assertThat(handler.handle(Tasks.event(TaskEventType.COMPLETED, weekly(1)))).isEqualTo(Outcome.CREATED);
        sidecar.answer(409, "{\"type\":\"about:blank\",\"status\":409,\"detail\":\"the next occurrence was edited\"}");

        assertThat(handler.handle(Tasks.event(TaskEventType.UNCOMPLETED, weekly(1)))).isEqualTo(Outcome.KEPT_TOUCHED);
        assertThat(store).containsKey("occurrence-series-7-2");
    }

    @Test
    void anUncompletedEventTodoApiDoesNotBackRemovesNothingAndIsNotRetried() {
        assertThat(handler.handle(Tasks.event(TaskEventType.COMPLETED, weekly(1)))).isEqualTo(Outcome.CREATED);
        // e.g. a forged "uncompleted" event while the task is still completed in todo-api
        TaskEvent forged = Tasks.event(TaskEventType.UNCOMPLETED, weekly(1));
        sidecar.answer(409,
                "{\"type\":\"https://todo.dev/problems/stale-event\",\"status\":409,\"detail\":\"Task 7 is completed\"}");

        assertThat(handler.handle(forged)).isEqualTo(Outcome.NOT_UNCOMPLETED);
        assertThat(handler.handle(forged)).isEqualTo(Outcome.DUPLICATE);
        assertThat(store).containsKeys("processed-" + forged.eventId(), "occurrence-series-7-2");
    }

    @Test
    void aStaleCompletionIsANoOpNotADeadLetter() {
        TaskEvent replayed = Tasks.event(TaskEventType.COMPLETED, weekly(1));
        sidecar.answer(409, "{\"type\":\"about:blank\",\"status\":409,\"detail\":\"task 7 is not completed\"}");

        assertThat(handler.handle(replayed)).isEqualTo(Outcome.STALE_COMPLETION);
        assertThat(store).containsKey("processed-" + replayed.eventId()).doesNotContainKey("occurrence-series-7-2");
    }

    @Test
    void todoApiOrTheSidecarDownIsTransientAndLeavesNoRecord() {
        TaskEvent completed = Tasks.event(TaskEventType.COMPLETED, weekly(1));
        sidecar.answer(500, "{\"errorCode\":\"ERR_DIRECT_INVOKE\",\"message\":\"app unavailable\"}");

        assertThatThrownBy(() -> handler.handle(completed)).isInstanceOf(TransientFailureException.class);
        assertThat(store).isEmpty();

        assertThatThrownBy(() -> handlerThrough(TodoApiSidecar.unreachable()).handle(completed))
                .isInstanceOf(TransientFailureException.class);
        assertThat(store).isEmpty();

        sidecar.answer(201, "");
        assertThat(handler.handle(completed)).isEqualTo(Outcome.CREATED);
    }

    @Test
    void aCompletionReadsItsOwnRecordAndItsSuccessorsInOneCall() {
        TaskEvent completed = Tasks.event(TaskEventType.COMPLETED, weekly(1));

        assertThat(handler.handle(completed)).isEqualTo(Outcome.CREATED);

        verify(dapr, times(1)).getBulkState(eq(ProcessedEvents.STORE), eq(List.of("processed-" + completed.eventId(),
                "occurrence-" + weekly(1).seriesId() + "-2")), eq(byte[].class));
        verify(dapr, never()).getState(anyString(), anyString(), eq(byte[].class));
    }

    @Test
    void everyStateCallIsTimedByOperation() {
        TaskEvent completed = Tasks.event(TaskEventType.COMPLETED, weekly(1));

        handler.handle(completed);
        handler.handle(Tasks.event(TaskEventType.UNCOMPLETED, weekly(1)));

        assertThat(stateCalls("get_bulk")).isEqualTo(1);
        assertThat(stateCalls("get")).isEqualTo(1);
        assertThat(stateCalls("transaction")).isEqualTo(2);
        assertThat(stateCalls("save")).isZero();
        assertThat(meters.scrape()).as("published as a histogram, as Prometheus reads it")
                .contains("todo_recurring_state_seconds_bucket{operation=\"get_bulk\",le=\"0.001\"}");
    }

    private long stateCalls(String operation) {
        return meters.get(ProcessedEvents.TIMER).tag("operation", operation).timer().count();
    }

    @Test
    void aCompletionWritesItsSuccessorsRecordAndItsOwnInOneTransaction() {
        TaskEvent completed = Tasks.event(TaskEventType.COMPLETED, weekly(1));

        assertThat(handler.handle(completed)).isEqualTo(Outcome.CREATED);

        assertThat(transactions()).singleElement().satisfies(operations -> assertThat(operations)
                .containsExactly("UPSERT occurrence-series-7-2", "UPSERT processed-" + completed.eventId()));
        verify(dapr, never()).saveState(anyString(), anyString(), any(), any(), any(StateOptions.class));
        assertThat(new String(store.get("processed-" + completed.eventId()), StandardCharsets.UTF_8))
                .contains("CREATED");
    }

    @Test
    void aSuccessorsRecordAnotherReplicaWroteFirstIsKeptAndTheCompletionStillRecorded() {
        TaskEvent completed = Tasks.event(TaskEventType.COMPLETED, weekly(1));
        byte[] otherReplicas = "{\"event_id\":\"other\"}".getBytes(StandardCharsets.UTF_8);
        // the other replica's record lands while todo-api creates the occurrence (idempotently, for both)
        sidecar.answer(() -> {
            store.put("occurrence-series-7-2", otherReplicas);
            return new TodoApiSidecar.Answer(201, "");
        });

        assertThat(handler.handle(completed)).isEqualTo(Outcome.CREATED);

        assertThat(transactions()).hasSize(1);
        assertThat(store.get("occurrence-series-7-2")).isEqualTo(otherReplicas);
        assertThat(store).containsKey("processed-" + completed.eventId());
        assertThat(handler.handle(completed)).isEqualTo(Outcome.DUPLICATE);
    }

    @Test
    void aStateStoreThatTakesNeitherTheTransactionNorSingleWritesIsTransient() {
        TaskEvent completed = Tasks.event(TaskEventType.COMPLETED, weekly(1));
        when(dapr.executeStateTransaction(eq(ProcessedEvents.STORE), anyList()))
                .thenReturn(Mono.error(new DaprException("UNAVAILABLE", "io exception", new byte[0], 0)));
        when(dapr.saveState(eq(ProcessedEvents.STORE), anyString(), isNull(), any(), any(StateOptions.class)))
                .thenReturn(Mono.error(new DaprException("UNAVAILABLE", "io exception", new byte[0], 0)));

        assertThatThrownBy(() -> handler.handle(completed)).isInstanceOf(TransientFailureException.class)
                .hasMessageContaining("occurrence-series-7-2");
        assertThat(store).isEmpty();
    }

    @Test
    void anUncompletionForgetsTheSuccessorsRecordAndRecordsItselfInOneTransaction() {
        assertThat(handler.handle(Tasks.event(TaskEventType.COMPLETED, weekly(1)))).isEqualTo(Outcome.CREATED);
        TaskEvent uncompleted = Tasks.event(TaskEventType.UNCOMPLETED, weekly(1));

        assertThat(handler.handle(uncompleted)).isEqualTo(Outcome.REMOVED);

        assertThat(transactions()).hasSize(2).last().satisfies(operations -> assertThat(operations)
                .containsExactly("DELETE occurrence-series-7-2", "UPSERT processed-" + uncompleted.eventId()));
        verify(dapr, never()).deleteState(anyString(), anyString());
        verify(dapr, never()).saveState(anyString(), anyString(), any(), any(), any(StateOptions.class));
        assertThat(new String(store.get("processed-" + uncompleted.eventId()), StandardCharsets.UTF_8))
                .contains("REMOVED");
    }

    @Test
    void anUncompletionWithNothingToRemoveAlsoWritesInOneTransaction() {
        sidecar.answer(404, "");
        TaskEvent uncompleted = Tasks.event(TaskEventType.UNCOMPLETED, weekly(1));

        assertThat(handler.handle(uncompleted)).isEqualTo(Outcome.NOTHING_TO_REMOVE);

        assertThat(transactions()).singleElement().satisfies(operations -> assertThat(operations)
                .containsExactly("DELETE occurrence-series-7-2", "UPSERT processed-" + uncompleted.eventId()));
        assertThat(new String(store.get("processed-" + uncompleted.eventId()), StandardCharsets.UTF_8))
                .contains("NOTHING_TO_REMOVE");
    }

    /** Every state transaction sent, each as its operations ("UPSERT key", "DELETE key"), in order. */
    @SuppressWarnings("unchecked")
    private List<List<String>> transactions() {
        ArgumentCaptor<List<TransactionalStateOperation<?>>> operations = ArgumentCaptor.forClass(List.class);
        verify(dapr, org.mockito.Mockito.atLeast(0)).executeStateTransaction(eq(ProcessedEvents.STORE),
                operations.capture());
        return operations.getAllValues().stream().map(list -> list.stream()
                .map(operation -> operation.getOperation() + " " + operation.getRequest().getKey()).toList()).toList();
    }

    @Test
    void aRecordTheStoreCouldNotReadIsTransient() {
        when(dapr.getBulkState(eq(ProcessedEvents.STORE), anyList(), eq(byte[].class))).thenAnswer(call -> {
            List<String> keys = call.getArgument(1);
            return Mono.just(keys.stream().map(key -> new State<byte[]>(key, "connection reset")).toList());
        });

        assertThatThrownBy(() -> handler.handle(Tasks.event(TaskEventType.COMPLETED, weekly(1))))
                .isInstanceOf(TransientFailureException.class).hasMessageContaining("connection reset");
        assertThat(invocations()).isEmpty();
    }

    @Test
    void stateStoreDownIsTransient() {
        when(dapr.getState(eq(ProcessedEvents.STORE), anyString(), eq(byte[].class)))
                .thenReturn(Mono.error(new DaprException("UNAVAILABLE", "io exception", new byte[0], 0)));
        when(dapr.getBulkState(eq(ProcessedEvents.STORE), anyList(), eq(byte[].class)))
                .thenReturn(Mono.error(new DaprException("UNAVAILABLE", "io exception", new byte[0], 0)));

        assertThatThrownBy(() -> handler.handle(Tasks.event(TaskEventType.COMPLETED, weekly(1))))
                .isInstanceOf(TransientFailureException.class);
        assertThat(invocations()).isEmpty();
    }

    @Test
    void aRequestTodoApiRejectsIsDeadLettered() {
        sidecar.answer(400, "{\"detail\":\"bad due_at\"}");

        assertThatThrownBy(() -> handler.handle(Tasks.event(TaskEventType.COMPLETED, weekly(1))))
                .isInstanceOf(RejectedEventException.class)
                .hasMessageContaining("bad due_at");
    }

    @Test
    void theEndOfASeriesCreatesNothing() {
        TaskData last = Tasks.recurring(7, "FREQ=WEEKLY;COUNT=2", "due", "UTC", Instant.parse("2026-03-02T08:00:00Z"),
                2, NOW);
        TaskEvent completed = Tasks.event(TaskEventType.COMPLETED, last);

        assertThat(handler.handle(completed)).isEqualTo(Outcome.SERIES_ENDED);
        assertThat(invocations()).isEmpty();
        assertThat(store).containsKey("processed-" + completed.eventId());
    }

    @Test
    void otherEventsAndPlainTasksTouchNothing() {
        assertThat(handler.handle(Tasks.event(TaskEventType.CREATED, weekly(1)))).isEqualTo(Outcome.IGNORED);
        assertThat(handler.handle(Tasks.event(TaskEventType.COMPLETED, Tasks.plain(9))))
                .isEqualTo(Outcome.NOT_RECURRING);
        verify(dapr, never()).getState(anyString(), anyString(), eq(byte[].class));
        verify(dapr, never()).getBulkState(anyString(), anyList(), eq(byte[].class));
        assertThat(invocations()).isEmpty();
    }
}
