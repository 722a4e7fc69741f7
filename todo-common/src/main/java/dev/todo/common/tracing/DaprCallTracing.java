package dev.todo.common.tracing;

import io.micrometer.tracing.Span;
import java.time.Duration;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * Runs a Dapr SDK call in a client span and hands that span's W3C context to daprd. The Java SDK (1.16) does not
 * read the current span: it sends {@code traceparent}/{@code tracestate} as gRPC metadata or HTTP headers only
 * when they are in the call's Reactor context ({@code GrpcHelper.populateMetadata}, {@code DaprHttp}), so the
 * context is written there; daprd then makes its own span a child of ours.
 */
public class DaprCallTracing {

    private final TraceParents traceParents;

    public DaprCallTracing(TraceParents traceParents) {
        this.traceParents = traceParents;
    }

    /** Blocks on {@code call} in a new client span below the current one. */
    public <T> T call(String spanName, Mono<T> call, Duration timeout) {
        return call(traceParents.startChild(spanName, Span.Kind.CLIENT), call, timeout);
    }

    /** Blocks on {@code call} in {@code span} (already started, ended here), e.g. one continuing a stored context. */
    public <T> T call(Span span, Mono<T> call, Duration timeout) {
        return traceParents.inSpan(span, () -> call.contextWrite(reactorContext(span)).block(timeout));
    }

    /** The Reactor context keys the Dapr SDK turns into trace headers. */
    public Context reactorContext(Span span) {
        Map<String, String> headers = traceParents.headersOf(span);
        Context context = Context.empty();
        for (String key : new String[] {TraceParents.TRACEPARENT, "tracestate"}) {
            if (headers.containsKey(key)) {
                context = context.put(key, headers.get(key));
            }
        }
        return context;
    }
}
