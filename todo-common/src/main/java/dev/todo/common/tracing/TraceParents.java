package dev.todo.common.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * W3C trace context across a hop that is not a request: the outbox row (written in one transaction, published
 * later on the relay's thread) and the Dapr job (scheduled now, fired hours later). The context is captured as
 * a {@code traceparent} string and continued later by a span whose parent it names, so the work afterwards
 * lands in the same trace. Formatting and parsing are the configured propagator's (W3C, Boot's default), so a
 * stored value is exactly what a {@code traceparent} header would carry. With tracing off every method still
 * works and captures nothing.
 */
public class TraceParents {

    public static final String TRACEPARENT = "traceparent";

    private final Tracer tracer;
    private final Propagator propagator;

    public TraceParents(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** The current span's {@code traceparent}; empty without a current span or with tracing off. */
    public Optional<String> current() {
        Span span = tracer.currentSpan();
        return span == null ? Optional.empty() : of(span);
    }

    /** A span's {@code traceparent}, as its children's requests would carry it. */
    public Optional<String> of(Span span) {
        return Optional.ofNullable(headersOf(span).get(TRACEPARENT));
    }

    /** Every header the propagator writes for a span (traceparent, and tracestate/baggage when there are any). */
    public Map<String, String> headersOf(Span span) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (!span.isNoop()) {
            propagator.inject(span.context(), headers, Map::put);
        }
        return headers;
    }

    /**
     * Starts a span whose parent is the stored {@code traceparent}: the work it covers joins that trace. Without
     * one (a row written before tracing, or while it was off) or with an unreadable one the span starts a new
     * trace rather than failing the work.
     */
    public Span startContinuing(String traceparent, String name, Span.Kind kind) {
        Map<String, String> carrier = traceparent == null ? Map.of() : Map.of(TRACEPARENT, traceparent);
        return propagator.extract(carrier, Map::get).name(name).kind(kind).start();
    }

    /** Runs {@code work} in a span continuing the stored {@code traceparent} (see {@link #startContinuing}). */
    public <T> T inSpanContinuing(String traceparent, String name, Span.Kind kind, Supplier<T> work) {
        return inSpan(startContinuing(traceparent, name, kind), work);
    }

    /** Runs {@code work} with {@code span} current (logs carry its ids, children hang below it), then ends it. */
    public <T> T inSpan(Span span, Supplier<T> work) {
        try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
            return work.get();
        } catch (RuntimeException | Error e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }

    /** A child of the current span (a new trace when there is none). */
    public Span startChild(String name, Span.Kind kind) {
        Span.Builder builder = tracer.spanBuilder().name(name).kind(kind);
        Span current = tracer.currentSpan();
        return (current == null ? builder.setNoParent() : builder.setParent(current.context())).start();
    }
}
