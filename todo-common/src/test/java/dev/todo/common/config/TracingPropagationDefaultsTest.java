package dev.todo.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.actuate.autoconfigure.opentelemetry.OpenTelemetryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.tracing.MicrometerTracingAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.tracing.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The propagator Boot builds from the common defaults: W3C trace context in and out, nothing else tried (no B3, no baggage). */
class TracingPropagationDefaultsTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withInitializer(app -> new TodoCommonDefaults()
                    .postProcessEnvironment(app.getEnvironment(), new SpringApplication()))
            .withConfiguration(AutoConfigurations.of(OpenTelemetryAutoConfiguration.class,
                    OpenTelemetryTracingAutoConfiguration.class, MicrometerTracingAutoConfiguration.class));

    @Test
    void aW3cTraceparentIsContinued() {
        context.run(app -> assertThat(extract(app.getBean(TextMapPropagator.class),
                Map.of("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01")).getTraceId())
                .isEqualTo(TRACE_ID));
    }

    @Test
    void b3HeadersAreNotRead() {
        context.run(app -> {
            TextMapPropagator propagator = app.getBean(TextMapPropagator.class);

            assertThat(extract(propagator, Map.of("b3", TRACE_ID + "-00f067aa0ba902b7-1")).isValid()).isFalse();
            assertThat(extract(propagator, Map.of("X-B3-TraceId", TRACE_ID, "X-B3-SpanId", "00f067aa0ba902b7",
                    "X-B3-Sampled", "1")).isValid()).isFalse();
            assertThat(propagator.fields()).contains("traceparent").doesNotContain("b3", "X-B3-TraceId");
        });
    }

    @Test
    void baggageIsNeitherReadNorWritten() {
        context.run(app -> {
            TextMapPropagator propagator = app.getBean(TextMapPropagator.class);

            Context extracted = propagator.extract(Context.root(), Map.of("baggage", "tenant=acme"), GETTER);
            assertThat(Baggage.fromContext(extracted).isEmpty()).isTrue();
            assertThat(propagator.fields()).doesNotContain("baggage");
        });
    }

    private static SpanContext extract(TextMapPropagator propagator, Map<String, String> headers) {
        return Span.fromContext(propagator.extract(Context.root(), headers, GETTER)).getSpanContext();
    }

    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(key))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }
    };
}
