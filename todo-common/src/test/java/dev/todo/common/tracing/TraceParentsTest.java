package dev.todo.common.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.todo.common.test.InMemoryTracing;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TraceParentsTest {

    private static final String W3C = "00-[0-9a-f]{32}-[0-9a-f]{16}-01";

    private final InMemoryTracing tracing = new InMemoryTracing();
    private final TraceParents traceParents = tracing.traceParents();

    @AfterEach
    void close() {
        tracing.close();
    }

    @Test
    void capturesTheCurrentSpanAsAW3cTraceparent() {
        Span request = tracing.tracer.nextSpan().name("http post /api/{user_id}/tasks").start();
        Optional<String> captured;
        try (Tracer.SpanInScope scope = tracing.tracer.withSpan(request)) {
            captured = traceParents.current();
        } finally {
            request.end();
        }

        assertThat(captured).hasValueSatisfying(value -> assertThat(value).matches(W3C)
                .isEqualTo("00-" + request.context().traceId() + "-" + request.context().spanId() + "-01"));
    }

    @Test
    void capturesNothingOutsideASpan() {
        assertThat(traceParents.current()).isEmpty();
    }

    @Test
    void aContinuedSpanIsAChildOfTheStoredContextInItsTrace() {
        Span request = tracing.tracer.nextSpan().name("request").start();
        String stored = traceParents.of(request).orElseThrow();
        request.end();

        String seenInside = traceParents.inSpanContinuing(stored, "publish task-events", Span.Kind.PRODUCER,
                () -> traceParents.current().orElseThrow());

        SpanData publish = ended("publish task-events");
        assertThat(publish.getTraceId()).isEqualTo(request.context().traceId());
        assertThat(publish.getParentSpanId()).isEqualTo(request.context().spanId());
        assertThat(publish.getKind()).isEqualTo(io.opentelemetry.api.trace.SpanKind.PRODUCER);
        assertThat(seenInside).isEqualTo("00-" + publish.getTraceId() + "-" + publish.getSpanId() + "-01");
    }

    @Test
    void withoutAStoredContextOrWithAnUnreadableOneTheWorkStartsATraceOfItsOwn() {
        traceParents.inSpanContinuing(null, "no context", Span.Kind.PRODUCER, () -> null);
        traceParents.inSpanContinuing("not-a-traceparent", "bad context", Span.Kind.PRODUCER, () -> null);

        for (String name : new String[] {"no context", "bad context"}) {
            SpanData span = ended(name);
            assertThat(span.getSpanContext().isValid()).isTrue();
            assertThat(span.getParentSpanContext().isValid()).as(name + " has no parent").isFalse();
        }
    }

    @Test
    void aFailingWorkMarksItsSpanAndStillEndsIt() {
        assertThatThrownBy(() -> traceParents.inSpanContinuing(null, "failing", Span.Kind.CONSUMER, () -> {
            throw new IllegalStateException("database down");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(ended("failing").getStatus().getStatusCode())
                .isEqualTo(io.opentelemetry.api.trace.StatusCode.ERROR);
        assertThat(tracing.tracer.currentSpan()).isNull();
    }

    @Test
    void aChildSpanHangsBelowTheCurrentOne() {
        Span parent = tracing.tracer.nextSpan().name("handler").start();
        try (Tracer.SpanInScope scope = tracing.tracer.withSpan(parent)) {
            traceParents.inSpan(traceParents.startChild("invoke", Span.Kind.CLIENT), () -> null);
        } finally {
            parent.end();
        }

        assertThat(ended("invoke").getParentSpanId()).isEqualTo(parent.context().spanId());
        assertThat(ended("invoke").getTraceId()).isEqualTo(parent.context().traceId());
    }

    @Test
    void withTracingOffNothingIsCapturedAndTheWorkStillRuns() {
        TraceParents off = new TraceParents(Tracer.NOOP, Propagator.NOOP);

        assertThat(off.current()).isEmpty();
        assertThat(off.inSpanContinuing("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "publish",
                Span.Kind.PRODUCER, () -> off.current().isEmpty())).isTrue();
        assertThat(off.headersOf(off.startChild("x", Span.Kind.CLIENT))).isEmpty();
    }

    private SpanData ended(String name) {
        return tracing.ended(name);
    }
}
