package dev.todo.common.tracing;

import io.micrometer.tracing.otel.bridge.OtelBaggageManager;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * The tracer the services run (Micrometer's OpenTelemetry bridge, W3C propagation, always sampled) with the
 * ended spans kept in memory instead of sent to Zipkin.
 */
final class OtelTracing implements AutoCloseable {

    private final List<SpanData> ended = Collections.synchronizedList(new ArrayList<>());
    private final SdkTracerProvider provider;
    final OtelTracer tracer;
    final OtelPropagator propagator;

    OtelTracing() {
        provider = SdkTracerProvider.builder().setSampler(Sampler.alwaysOn())
                .addSpanProcessor(SimpleSpanProcessor.create(new SpanExporter() {
                    @Override
                    public CompletableResultCode export(Collection<SpanData> spans) {
                        ended.addAll(spans);
                        return CompletableResultCode.ofSuccess();
                    }

                    @Override
                    public CompletableResultCode flush() {
                        return CompletableResultCode.ofSuccess();
                    }

                    @Override
                    public CompletableResultCode shutdown() {
                        return CompletableResultCode.ofSuccess();
                    }
                }))
                .build();
        io.opentelemetry.api.trace.Tracer otelTracer = provider.get("test");
        OtelCurrentTraceContext context = new OtelCurrentTraceContext();
        tracer = new OtelTracer(otelTracer, context, event -> { },
                new OtelBaggageManager(context, List.of(), List.of()));
        propagator = new OtelPropagator(ContextPropagators.create(W3CTraceContextPropagator.getInstance()), otelTracer);
    }

    TraceParents traceParents() {
        return new TraceParents(tracer, propagator);
    }

    List<SpanData> ended() {
        return List.copyOf(ended);
    }

    @Override
    public void close() {
        provider.close();
    }
}
