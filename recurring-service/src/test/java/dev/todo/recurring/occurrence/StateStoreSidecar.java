package dev.todo.recurring.occurrence;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import io.dapr.v1.CommonProtos.StateItem;
import io.dapr.v1.CommonProtos.StateOptions.StateConcurrency;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprProtos.BulkStateItem;
import io.dapr.v1.DaprProtos.DeleteStateRequest;
import io.dapr.v1.DaprProtos.ExecuteStateTransactionRequest;
import io.dapr.v1.DaprProtos.GetBulkStateRequest;
import io.dapr.v1.DaprProtos.GetBulkStateResponse;
import io.dapr.v1.DaprProtos.GetStateRequest;
import io.dapr.v1.DaprProtos.GetStateResponse;
import io.dapr.v1.DaprProtos.SaveStateRequest;
import io.dapr.v1.DaprProtos.TransactionalStateOperation;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * daprd's state API over a map, answering as state.postgresql v1 does for recurring-service's calls: a first-write
 * save without an etag of a key that is there fails, and so does a transaction holding one (it is rolled back
 * whole). Every call is kept by operation (the names of {@link ProcessedEvents}' timer), and an operation can be made
 * to fail as a sidecar that lost its store does.
 */
class StateStoreSidecar extends DaprGrpc.DaprImplBase {

    final Map<String, byte[]> store = new ConcurrentHashMap<>();
    private final Map<String, List<List<String>>> calls = new ConcurrentHashMap<>();
    private final Set<String> unavailable = ConcurrentHashMap.newKeySet();
    private volatile String readError;

    /** The calls of {@code operation} so far, each as its keys ("UPSERT key" / "DELETE key" in a transaction). */
    List<List<String>> calls(String operation) {
        return List.copyOf(calls.getOrDefault(operation, List.of()));
    }

    /** From now on these operations fail as UNAVAILABLE, as when the sidecar cannot reach its store. */
    void unavailable(String... operations) {
        unavailable.addAll(List.of(operations));
    }

    /** From now on every key of a bulk read comes back with this error instead of its value. */
    void readError(String error) {
        readError = error;
    }

    @Override
    public void getBulkState(GetBulkStateRequest request, StreamObserver<GetBulkStateResponse> reply) {
        answer("get_bulk", request.getKeysList(), reply, () -> {
            GetBulkStateResponse.Builder response = GetBulkStateResponse.newBuilder();
            for (String key : request.getKeysList()) {
                BulkStateItem.Builder item = BulkStateItem.newBuilder().setKey(key);
                if (readError != null) {
                    item.setError(readError);
                } else if (store.containsKey(key)) {
                    item.setData(ByteString.copyFrom(store.get(key)));
                }
                response.addItems(item);
            }
            return response.build();
        });
    }

    @Override
    public void getState(GetStateRequest request, StreamObserver<GetStateResponse> reply) {
        answer("get", List.of(request.getKey()), reply, () -> {
            GetStateResponse.Builder response = GetStateResponse.newBuilder();
            if (store.containsKey(request.getKey())) {
                response.setData(ByteString.copyFrom(store.get(request.getKey())));
            }
            return response.build();
        });
    }

    @Override
    public void saveState(SaveStateRequest request, StreamObserver<Empty> reply) {
        answer("save", request.getStatesList().stream().map(StateItem::getKey).toList(), reply, () -> {
            for (StateItem item : request.getStatesList()) {
                assertFirstWrite(item);
                if (store.putIfAbsent(item.getKey(), item.getValue().toByteArray()) != null) {
                    throw Status.INTERNAL.withDescription("failed saving state in state store statestore: "
                            + "possible etag mismatch. error from state store: no item was updated").asRuntimeException();
                }
            }
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void deleteState(DeleteStateRequest request, StreamObserver<Empty> reply) {
        answer("delete", List.of(request.getKey()), reply, () -> {
            store.remove(request.getKey());
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void executeStateTransaction(ExecuteStateTransactionRequest request, StreamObserver<Empty> reply) {
        List<String> operations = request.getOperationsList().stream()
                .map(operation -> operation.getOperationType().toUpperCase() + " " + operation.getRequest().getKey())
                .toList();
        answer("transaction", operations, reply, () -> {
            for (TransactionalStateOperation operation : request.getOperationsList()) {
                if (operation.getOperationType().equals("upsert")) {
                    assertFirstWrite(operation.getRequest());
                    if (store.containsKey(operation.getRequest().getKey())) {
                        throw Status.INTERNAL.withDescription(
                                "error while executing state transaction: no item was updated").asRuntimeException();
                    }
                }
            }
            for (TransactionalStateOperation operation : request.getOperationsList()) {
                StateItem item = operation.getRequest();
                if (operation.getOperationType().equals("upsert")) {
                    store.put(item.getKey(), item.getValue().toByteArray());
                } else {
                    store.remove(item.getKey());
                }
            }
            return Empty.getDefaultInstance();
        });
    }

    private static void assertFirstWrite(StateItem item) {
        assertThat(item.getOptions().getConcurrency()).isEqualTo(StateConcurrency.CONCURRENCY_FIRST_WRITE);
        assertThat(item.hasEtag()).isFalse();
    }

    private <T> void answer(String operation, List<String> keys, StreamObserver<T> reply, Supplier<T> response) {
        calls.computeIfAbsent(operation, o -> Collections.synchronizedList(new ArrayList<>())).add(keys);
        if (unavailable.contains(operation)) {
            reply.onError(Status.UNAVAILABLE.withDescription("io exception").asRuntimeException());
            return;
        }
        try {
            reply.onNext(response.get());
            reply.onCompleted();
        } catch (StatusRuntimeException e) {
            reply.onError(e);
        }
    }
}
