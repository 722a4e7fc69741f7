package dev.todo.common.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.todo.common.test.InMemoryTracing;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** The Dapr SDK reads {@code traceparent} from the call's Reactor context; these calls read it back the same way. */
class DaprCallTracingTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final InMemoryTracing tracing = new InMemoryTracing();
    private final TraceParents traceParents = tracing.traceParents();
    private final DaprCallTracing dapr = new DaprCallTracing(traceParents);

    @AfterEach
    void close() {
        tracing.close();
    }

    @Test
    void aCallCarriesTheTraceparentOfItsClientSpanBelowTheCurrentSpan() {
        Span handler = tracing.tracer.nextSpan().name("handler").start();
        String sent;
        try (Tracer.SpanInScope scope = tracing.tracer.withSpan(handler)) {
            sent = dapr.call("invoke todo-api", sdkCall(), TIMEOUT);
        } finally {
            handler.end();
        }

        SpanData invoke = tracing.ended("invoke todo-api");
        assertThat(invoke.getParentSpanId()).isEqualTo(handler.context().spanId());
        assertThat(invoke.getKind()).isEqualTo(io.opentelemetry.api.trace.SpanKind.CLIENT);
        assertThat(sent).isEqualTo("00-" + handler.context().traceId() + "-" + invoke.getSpanId() + "-01");
    }

    @Test
    void aCallInAContinuedSpanCarriesThatSpansTraceparent() {
        String stored = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        Span publish = traceParents.startContinuing(stored, "publish reminders", Span.Kind.PRODUCER);
        String publishContext = traceParents.of(publish).orElseThrow();

        String sent = dapr.call(publish, sdkCall(), TIMEOUT);

        assertThat(sent).startsWith("00-0af7651916cd43dd8448eb211c80319c-").isNotEqualTo(stored)
                .isEqualTo(publishContext);
        assertThat(tracing.ended()).extracting(SpanData::getName).contains("publish reminders");
    }

    @Test
    void withTracingOffTheCallCarriesNoTraceHeaders() {
        DaprCallTracing off = new DaprCallTracing(new TraceParents(Tracer.NOOP, Propagator.NOOP));

        assertThat(off.call("invoke", sdkCall(), TIMEOUT)).isEqualTo("none");
    }

    /** What the SDK's {@code GrpcHelper.populateMetadata} sees: the Reactor context's {@code traceparent}. */
    private static Mono<String> sdkCall() {
        return Mono.deferContextual(context -> Mono.just(context.getOrDefault("traceparent", "none")));
    }
}
