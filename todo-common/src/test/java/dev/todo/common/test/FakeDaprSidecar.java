package dev.todo.common.test;

import dev.todo.common.dapr.DaprSidecarGrpc;
import io.dapr.v1.DaprGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * daprd's gRPC API served in process for unit tests of the classes that call the sidecar through
 * {@link DaprSidecarGrpc}: the test's {@link DaprGrpc.DaprImplBase} answers (what it does not override answers
 * UNIMPLEMENTED, as an unknown method would), and every call's {@code dapr-api-token} header is kept.
 */
public final class FakeDaprSidecar implements AutoCloseable {

    private final Server server;
    private final ManagedChannel channel;
    private final List<String> apiTokens = Collections.synchronizedList(new ArrayList<>());

    private FakeDaprSidecar(DaprGrpc.DaprImplBase api) {
        String name = InProcessServerBuilder.generateName();
        ServerInterceptor tokens = new ServerInterceptor() {
            @Override
            public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                               ServerCallHandler<Q, A> next) {
                apiTokens.add(headers.get(DaprSidecarGrpc.API_TOKEN));
                return next.startCall(call, headers);
            }
        };
        try {
            this.server = InProcessServerBuilder.forName(name).directExecutor()
                    .addService(ServerInterceptors.intercept(api, tokens)).build().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    }

    public static FakeDaprSidecar serving(DaprGrpc.DaprImplBase api) {
        return new FakeDaprSidecar(api);
    }

    /** A client of this sidecar, as a service builds one, sending {@code apiToken}. */
    public DaprSidecarGrpc client(String apiToken) {
        return DaprSidecarGrpc.over(channel, apiToken);
    }

    /** The {@code dapr-api-token} of each call so far, in order ({@code null} where none was sent). */
    public List<String> apiTokens() {
        return Collections.unmodifiableList(new ArrayList<>(apiTokens));
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
