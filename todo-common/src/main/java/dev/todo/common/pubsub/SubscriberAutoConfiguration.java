package dev.todo.common.pubsub;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todo.common.tracing.TraceParents;
import dev.todo.common.tracing.TracingAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.context.annotation.Bean;

/** The subscriber skeleton and its per-topic outcomes, for every service that subscribes through Dapr. */
@AutoConfiguration(after = {CompositeMeterRegistryAutoConfiguration.class, JacksonAutoConfiguration.class,
        TracingAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class SubscriberAutoConfiguration {

    @Bean
    SubscriberOutcomeMetrics subscriberOutcomeMetrics(MeterRegistry meters) {
        return new SubscriberOutcomeMetrics(meters);
    }

    /** With the application's ObjectMapper, which knows java.time. */
    @Bean
    CloudEventSubscriber cloudEventSubscriber(ObjectMapper objectMapper) {
        return new CloudEventSubscriber(new CloudEventReader(objectMapper));
    }

    @Bean
    BulkRouteBodyLimits bulkRouteBodyLimits() {
        return new BulkRouteBodyLimits();
    }

    @Bean
    BulkCloudEventSubscriber bulkCloudEventSubscriber(ObjectMapper objectMapper, TraceParents traceParents) {
        return new BulkCloudEventSubscriber(objectMapper, traceParents);
    }
}
