package dev.todo.recurring.occurrence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.todo.common.events.NextOccurrenceRequest;
import dev.todo.common.events.TaskData;
import dev.todo.common.events.TaskEvent;
import dev.todo.common.events.TaskEventType;
import dev.todo.common.test.FakeDaprSidecar;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The handler with its real collaborators, daprd's state API served in process over a map, and todo-api's
 * invocation route answered by a local HTTP server in the sidecar's place.
 */
class TaskEventHandlerTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    private static final String CREATE_ROUTE = "internal/tasks/7/next-occurrence";

    private final ObjectMapper json = JsonMapper.builder().findAndAddModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    private final StateStoreSidecar state = new StateStoreSidecar();
    private final Map<String, byte[]> store = state.store;
    private final TodoApiSidecar sidecar = new TodoApiSidecar();
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private FakeDaprSidecar daprd;
    private TaskEventHandler handler;

    @AfterEach
    void stopSidecars() throws InterruptedException {
        sidecar.close();
        daprd.close();
    }

    @BeforeEach
    void setUp() {
        daprd = FakeDaprSidecar.serving(state);
        handler = handlerThrough(sidecar.clients());
    }

    private TaskEventHandler handlerThrough(dev.todo.common.dapr.DaprInvocationClients invocation) {
        RecurringProperties properties = new RecurringProperties(Duration.ofSeconds(1));
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        return new TaskEventHandler(new NextOccurrencePlanner(clock), new ProcessedEvents(daprd.client("recurring-token"), clock,
                properties, meters),
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

        assertThat(state.calls("get_bulk")).containsExactly(List.of("processed-" + completed.eventId(),
                "occurrence-" + weekly(1).seriesId() + "-2"));
        assertThat(state.calls("get")).isEmpty();
        assertThat(daprd.apiTokens()).containsOnly("recurring-token");
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
        assertThat(state.calls("save")).isEmpty();
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
        state.unavailable("transaction", "save");

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
        assertThat(state.calls("delete")).isEmpty();
        assertThat(state.calls("save")).isEmpty();
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
    private List<List<String>> transactions() {
        return state.calls("transaction");
    }

    @Test
    void aRecordTheStoreCouldNotReadIsTransient() {
        state.readError("connection reset");

        assertThatThrownBy(() -> handler.handle(Tasks.event(TaskEventType.COMPLETED, weekly(1))))
                .isInstanceOf(TransientFailureException.class).hasMessageContaining("connection reset");
        assertThat(invocations()).isEmpty();
    }

    @Test
    void stateStoreDownIsTransient() {
        state.unavailable("get", "get_bulk");

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
        assertThat(state.calls("get")).isEmpty();
        assertThat(state.calls("get_bulk")).isEmpty();
        assertThat(invocations()).isEmpty();
    }
}
