package dev.todo.common.test;
import dev.todo.common.tracing.TraceParents;

import io.micrometer.tracing.otel.bridge.OtelBaggageManager;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.List;

/**
 * The tracer the services run (Micrometer's OpenTelemetry bridge, W3C propagation, always sampled) with the
 * ended spans kept in memory instead of sent to Zipkin.
 */
public final class InMemoryTracing implements AutoCloseable {

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final SdkTracerProvider provider;
    public final OtelTracer tracer;
    public final OtelPropagator propagator;

    public InMemoryTracing() {
        provider = SdkTracerProvider.builder().setSampler(Sampler.alwaysOn())
                .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                .build();
        io.opentelemetry.api.trace.Tracer otelTracer = provider.get("test");
        OtelCurrentTraceContext context = new OtelCurrentTraceContext();
        tracer = new OtelTracer(otelTracer, context, event -> { },
                new OtelBaggageManager(context, List.of(), List.of()));
        propagator = new OtelPropagator(ContextPropagators.create(W3CTraceContextPropagator.getInstance()), otelTracer);
    }

    public TraceParents traceParents() {
        return new TraceParents(tracer, propagator);
    }

    public List<SpanData> ended() {
        return exporter.getFinishedSpanItems();
    }

    public List<String> endedNames() {
        return ended().stream().map(SpanData::getName).toList();
    }

    public SpanData ended(String name) {
        return ended().stream().filter(span -> span.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no ended span " + name + " in " + endedNames()));
    }

    @Override
    public void close() {
        provider.close();
    }
}
