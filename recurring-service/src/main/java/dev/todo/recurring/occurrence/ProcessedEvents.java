package dev.todo.recurring.occurrence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import dev.todo.common.dapr.DaprSidecarGrpc;
import io.dapr.v1.CommonProtos.StateItem;
import io.dapr.v1.CommonProtos.StateOptions;
import io.dapr.v1.CommonProtos.StateOptions.StateConcurrency;
import io.dapr.v1.CommonProtos.StateOptions.StateConsistency;
import io.dapr.v1.DaprProtos.BulkStateItem;
import io.dapr.v1.DaprProtos.DeleteStateRequest;
import io.dapr.v1.DaprProtos.ExecuteStateTransactionRequest;
import io.dapr.v1.DaprProtos.GetBulkStateRequest;
import io.dapr.v1.DaprProtos.GetStateRequest;
import io.dapr.v1.DaprProtos.SaveStateRequest;
import io.dapr.v1.DaprProtos.TransactionalStateOperation;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * recurring-service's memory, kept in the Dapr state store (it owns no tables):
 * {@code processed-{event_id}} for every event handled, and {@code occurrence-{series_id}-{n}} for
 * every next occurrence created, so neither a redelivered event nor a replay of the topic from the
 * start (other event ids, same completions) creates a second occurrence.
 *
 * <p>Every sidecar call is timed ({@value #TIMER}, by operation, as a histogram): a completion waits for its
 * look-up before todo-api is asked, so the store's latency as this service sees it (gRPC, daprd, database) is part of
 * how long a user waits for the next occurrence. The calls go through {@link DaprSidecarGrpc}'s blocking stub, which
 * wakes the subscriber's thread from the event loop that read daprd's answer; values are JSON, as the SDK's state
 * serializer writes them.
 */
@Component
public class ProcessedEvents {

    public static final String STORE = "statestore";
    static final String TIMER = "todo.recurring.state";
    private static final Logger log = LoggerFactory.getLogger(ProcessedEvents.class);
    private static final StateOptions FIRST_WRITE = StateOptions.newBuilder()
            .setConsistency(StateConsistency.CONSISTENCY_STRONG)
            .setConcurrency(StateConcurrency.CONCURRENCY_FIRST_WRITE).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DaprSidecarGrpc dapr;
    private final Clock clock;
    private final Duration timeout;
    private final Timer lookUps;
    private final Timer reads;
    private final Timer saves;
    private final Timer transactions;
    private final Timer deletes;

    public ProcessedEvents(DaprSidecarGrpc dapr, Clock clock, RecurringProperties properties, MeterRegistry meters) {
        this.dapr = dapr;
        this.clock = clock;
        this.timeout = properties.daprTimeout();
        this.lookUps = timer(meters, "get_bulk");
        this.reads = timer(meters, "get");
        this.saves = timer(meters, "save");
        this.transactions = timer(meters, "transaction");
        this.deletes = timer(meters, "delete");
    }

    private static Timer timer(MeterRegistry meters, String operation) {
        return Timer.builder(TIMER).description("Dapr state store calls, as recurring-service waits for them")
                .tag("operation", operation).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(meters);
    }

    /** What the store holds for a completion: the event's own record and its successor's. */
    public record Records(boolean processed, boolean created) {
    }

    public boolean isProcessed(UUID eventId) {
        return exists(processedKey(eventId));
    }

    /**
     * Both records a completion checks, in one call to the sidecar: each call is a round trip to daprd and the
     * database, and these stand between a completion and its next occurrence.
     */
    public Records lookUp(UUID eventId, String seriesId, int occurrence) {
        String processedKey = processedKey(eventId);
        String createdKey = occurrenceKey(seriesId, occurrence);
        GetBulkStateRequest request = GetBulkStateRequest.newBuilder().setStoreName(STORE)
                .addKeys(processedKey).addKeys(createdKey).build();
        List<BulkStateItem> items = call(lookUps, () -> dapr.blocking(timeout).getBulkState(request).getItemsList(),
                "get state " + processedKey + ", " + createdKey);
        boolean processed = false;
        boolean created = false;
        for (BulkStateItem item : items) {
            if (!item.getError().isEmpty()) {
                throw new TransientFailureException("get state " + item.getKey() + " failed: " + item.getError(), null);
            }
            boolean present = !item.getData().isEmpty();
            processed |= present && processedKey.equals(item.getKey());
            created |= present && createdKey.equals(item.getKey());
        }
        return new Records(processed, created);
    }

    public void markProcessed(UUID eventId, Outcome outcome) {
        saveFirst(processedKey(eventId), processedRecord(outcome));
    }

    public void markCreated(String seriesId, int occurrence, UUID eventId) {
        saveFirst(occurrenceKey(seriesId, occurrence), createdRecord(eventId));
    }

    /**
     * A created successor's record and the completion's own, in one state transaction: each sidecar call is a round
     * trip to daprd and the database, and these two held the partition's next event after todo-api had answered.
     */
    public void markCreatedAndProcessed(UUID eventId, String seriesId, int occurrence) {
        String createdKey = occurrenceKey(seriesId, occurrence);
        String processedKey = processedKey(eventId);
        Map<String, String> created = createdRecord(eventId);
        Map<String, String> processed = processedRecord(Outcome.CREATED);
        writeInOneTransaction(eventId, List.of(upsert(createdKey, created), upsert(processedKey, processed)), () -> {
            saveFirst(createdKey, created);
            saveFirst(processedKey, processed);
        });
    }

    /**
     * An un-completion forgets its successor's record (a later completion may create it anew) and records itself,
     * in one state transaction, for the same reason as {@link #markCreatedAndProcessed}.
     */
    public void forgetCreatedAndMarkProcessed(UUID eventId, Outcome outcome, String seriesId, int occurrence) {
        String createdKey = occurrenceKey(seriesId, occurrence);
        String processedKey = processedKey(eventId);
        Map<String, String> processed = processedRecord(outcome);
        writeInOneTransaction(eventId, List.of(
                operation("delete", StateItem.newBuilder().setKey(createdKey).build()),
                upsert(processedKey, processed)), () -> {
                    delete(createdKey);
                    saveFirst(processedKey, processed);
                });
    }

    static String processedKey(UUID eventId) {
        return "processed-" + eventId;
    }

    static String occurrenceKey(String seriesId, int occurrence) {
        return "occurrence-" + seriesId + "-" + occurrence;
    }

    private Map<String, String> processedRecord(Outcome outcome) {
        return Map.of("outcome", outcome.name(), "at", clock.instant().toString());
    }

    private Map<String, String> createdRecord(UUID eventId) {
        return Map.of("event_id", eventId.toString(), "at", clock.instant().toString());
    }

    private static TransactionalStateOperation upsert(String key, Map<String, String> value) {
        return operation("upsert", firstWrite(key, value));
    }

    private static TransactionalStateOperation operation(String type, StateItem item) {
        return TransactionalStateOperation.newBuilder().setOperationType(type).setRequest(item).build();
    }

    /** No etag and first-write concurrency: the write fails when the key is already there. */
    private static StateItem firstWrite(String key, Map<String, String> value) {
        try {
            return StateItem.newBuilder().setKey(key).setValue(ByteString.copyFrom(JSON.writeValueAsBytes(value)))
                    .setOptions(FIRST_WRITE).build();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a record of strings is always JSON", e);
        }
    }

    /**
     * state.postgresql v1 (components-contrib 1.18, the only version our daprd carries) runs the operations in one
     * database transaction, and a first-write upsert without an etag of a key that is already there updates no row,
     * which fails it and rolls back the whole transaction. That is another replica having written first, or a
     * transient failure; so the records are then written one by one, where a present key counts as written and
     * anything else is transient, exactly as separate writes would end.
     */
    private void writeInOneTransaction(UUID eventId, List<TransactionalStateOperation> operations,
                                       Runnable oneByOne) {
        ExecuteStateTransactionRequest request = ExecuteStateTransactionRequest.newBuilder().setStoreName(STORE)
                .addAllOperations(operations).build();
        try {
            transactions.record(() -> dapr.blocking(timeout).executeStateTransaction(request));
        } catch (RuntimeException e) {
            log.atDebug().setMessage("state transaction refused, records written one by one")
                    .addKeyValue("event", "state_transaction_refused").addKeyValue("event_id", eventId)
                    .addKeyValue("error", e.getMessage()).log();
            oneByOne.run();
        }
    }

    private void delete(String key) {
        call(deletes, () -> dapr.blocking(timeout).deleteState(DeleteStateRequest.newBuilder().setStoreName(STORE)
                .setKey(key).build()), "delete state " + key);
    }

    private boolean exists(String key) {
        ByteString value = call(reads, () -> dapr.blocking(timeout).getState(GetStateRequest.newBuilder()
                .setStoreName(STORE).setKey(key).build()).getData(), "get state " + key);
        return !value.isEmpty();
    }

    /**
     * First write wins: a second writer (another replica handling the same event) fails. The store
     * reports that as a failed save, so a failure is accepted when the key is there afterwards.
     */
    private void saveFirst(String key, Map<String, String> value) {
        SaveStateRequest request = SaveStateRequest.newBuilder().setStoreName(STORE).addStates(firstWrite(key, value))
                .build();
        try {
            saves.record(() -> dapr.blocking(timeout).saveState(request));
        } catch (RuntimeException e) {
            if (!exists(key)) {
                throw new TransientFailureException("state store save failed for " + key + ": " + e.getMessage(), e);
            }
        }
    }

    private static <T> T call(Timer timer, java.util.function.Supplier<T> action, String what) {
        try {
            return timer.record(action);
        } catch (RuntimeException e) {
            throw new TransientFailureException(what + " failed: " + e.getMessage(), e);
        }
    }
}
