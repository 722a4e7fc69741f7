package dev.todo.common.tracing;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;

/**
 * The services' trace-context helpers. Boot builds the tracer (OpenTelemetry bridge), the W3C propagator and the
 * Zipkin exporter from {@code management.tracing.*} / {@code management.zipkin.*} (defaults in
 * {@code TodoCommonDefaults}); with tracing disabled (a test slice, {@code MANAGEMENT_TRACING_ENABLED=false})
 * there is no propagator and the helpers run on no-op ones.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.actuate.autoconfigure.tracing.MicrometerTracingAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.tracing.OpenTelemetryTracingAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.tracing.NoopTracerAutoConfiguration"})
public class TracingAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    TraceParents traceParents(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        return new TraceParents(tracer.getIfAvailable(() -> Tracer.NOOP), propagator.getIfAvailable(() -> Propagator.NOOP));
    }

    @Bean
    @ConditionalOnMissingBean
    DaprCallTracing daprCallTracing(TraceParents traceParents) {
        return new DaprCallTracing(traceParents);
    }

    /**
     * Work handed to Boot's {@code applicationTaskExecutor} (e.g. a notification's first delivery) keeps the
     * submitting thread's trace, so its spans and log lines stay in the event's trace.
     */
    @Bean
    @ConditionalOnMissingBean(TaskDecorator.class)
    ContextPropagatingTaskDecorator contextPropagatingTaskDecorator() {
        return new ContextPropagatingTaskDecorator();
    }
}
