package dev.todo.common.dapr;

import dev.todo.common.security.DaprAppTokenFilter;
import io.dapr.config.Properties;
import io.dapr.utils.NetworkUtils;
import io.dapr.v1.DaprGrpc;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Plain gRPC stubs on the sidecar's API, for the calls on an event's path (the relay's bulk publish,
 * recurring-service's state look-ups and writes). The SDK's client answers every call through Reactor: daprd's answer
 * is read on a Netty event loop, handed to gRPC's executor, completes a {@code Mono}, and only then wakes the thread
 * that blocks on it. Measured in issue 12, about half of a publish's p99 as the relay saw it lay between the SDK's
 * call and daprd's component. A blocking stub, or a future stub on a direct executor, wakes the waiting thread from
 * the event loop that read the answer.
 *
 * <p>The channel is built by the SDK's own {@link NetworkUtils} from the same settings as the SDK's client
 * (endpoint, keep-alive, message limits) and sends the same {@code dapr-api-token} header; it connects on first use,
 * so a service starts before its sidecar is up, as with the SDK's client.
 */
public final class DaprSidecarGrpc implements AutoCloseable {

    /** The header daprd reads the app's token from (the same name daprd sends the app's own token under). */
    public static final Metadata.Key<String> API_TOKEN =
            Metadata.Key.of(DaprAppTokenFilter.HEADER, Metadata.ASCII_STRING_MARSHALLER);
    private static final Executor ON_THE_EVENT_LOOP = Runnable::run;

    private final ManagedChannel owned;
    private final Channel channel;

    private DaprSidecarGrpc(ManagedChannel owned, Channel channel, String apiToken) {
        this.owned = owned;
        Metadata headers = new Metadata();
        if (apiToken != null && !apiToken.isBlank()) {
            headers.put(API_TOKEN, apiToken);
        }
        this.channel = ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    /** A channel of its own to the sidecar the SDK's {@code properties} name, closed by {@link #close()}. */
    public static DaprSidecarGrpc connect(Properties properties, String apiToken) {
        ManagedChannel channel = NetworkUtils.buildGrpcManagedChannel(properties);
        return new DaprSidecarGrpc(channel, channel, apiToken);
    }

    /** Calls over a channel someone else owns and closes (tests: an in-process server). */
    public static DaprSidecarGrpc over(Channel channel, String apiToken) {
        return new DaprSidecarGrpc(null, channel, apiToken);
    }

    /** A stub whose calls block the caller until daprd answers or {@code deadline} has passed. */
    public DaprGrpc.DaprBlockingStub blocking(Duration deadline) {
        return DaprGrpc.newBlockingStub(channel).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * A stub for calls made at once and then waited for: each future completes on the event loop that read its
     * answer (a waiting thread's {@code get} is woken from there, the callbacks must be quick).
     */
    public DaprGrpc.DaprFutureStub futures(Duration deadline) {
        return DaprGrpc.newFutureStub(channel).withExecutor(ON_THE_EVENT_LOOP)
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (owned == null) {
            return;
        }
        owned.shutdown();
        if (!owned.awaitTermination(5, TimeUnit.SECONDS)) {
            owned.shutdownNow();
        }
    }
}
