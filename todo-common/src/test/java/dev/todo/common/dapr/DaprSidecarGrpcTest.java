package dev.todo.common.dapr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.todo.common.test.FakeDaprSidecar;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprProtos.GetStateRequest;
import io.dapr.v1.DaprProtos.GetStateResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The stubs the event path calls daprd with: the app's token on every call, and a deadline that ends a stuck one. */
class DaprSidecarGrpcTest {

    private static final GetStateRequest READ = GetStateRequest.newBuilder().setStoreName("statestore").setKey("k").build();

    /** Answers a read of key "k" with "v"; any other key is never answered. */
    private static final DaprGrpc.DaprImplBase DAPRD = new DaprGrpc.DaprImplBase() {
        @Override
        public void getState(GetStateRequest request, StreamObserver<GetStateResponse> reply) {
            if (request.getKey().equals("k")) {
                reply.onNext(GetStateResponse.newBuilder().setData(ByteString.copyFromUtf8("v")).build());
                reply.onCompleted();
            }
        }
    };

    @Test
    void everyCallCarriesTheAppsApiToken() throws Exception {
        try (FakeDaprSidecar daprd = FakeDaprSidecar.serving(DAPRD)) {
            DaprSidecarGrpc client = daprd.client("secret-token");

            assertThat(client.blocking(Duration.ofSeconds(5)).getState(READ).getData().toStringUtf8()).isEqualTo("v");
            assertThat(client.futures(Duration.ofSeconds(5)).getState(READ).get(5, TimeUnit.SECONDS).getData()
                    .toStringUtf8()).isEqualTo("v");

            assertThat(daprd.apiTokens()).containsExactly("secret-token", "secret-token");
        }
    }

    @Test
    void withoutATokenNoHeaderIsSent() throws Exception {
        try (FakeDaprSidecar daprd = FakeDaprSidecar.serving(DAPRD)) {
            daprd.client(" ").blocking(Duration.ofSeconds(5)).getState(READ);

            assertThat(daprd.apiTokens()).containsExactly((String) null);
        }
    }

    @Test
    void aCallDaprdNeverAnswersEndsAtItsDeadline() throws Exception {
        GetStateRequest unanswered = READ.toBuilder().setKey("never").build();
        try (FakeDaprSidecar daprd = FakeDaprSidecar.serving(DAPRD)) {
            DaprSidecarGrpc client = daprd.client("t");

            assertThatThrownBy(() -> client.blocking(Duration.ofMillis(200)).getState(unanswered))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode())
                            .isEqualTo(Status.Code.DEADLINE_EXCEEDED));
            assertThatThrownBy(() -> client.futures(Duration.ofMillis(200)).getState(unanswered).get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(StatusRuntimeException.class)
                    .hasMessageContaining("DEADLINE_EXCEEDED");
        }
    }

    @Test
    void closingAClientOverSomeoneElsesChannelLeavesItOpen() throws Exception {
        try (FakeDaprSidecar daprd = FakeDaprSidecar.serving(DAPRD)) {
            daprd.client("t").close();

            assertThat(daprd.client("t").blocking(Duration.ofSeconds(5)).getState(READ).getData().toStringUtf8())
                    .isEqualTo("v");
        }
    }
}
