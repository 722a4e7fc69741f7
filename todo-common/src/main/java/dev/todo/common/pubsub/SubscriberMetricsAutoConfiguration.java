package dev.todo.common.pubsub;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.context.annotation.Bean;

/** Per-topic subscriber outcomes for every service that subscribes through Dapr. */
@AutoConfiguration(after = CompositeMeterRegistryAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class SubscriberMetricsAutoConfiguration {

    @Bean
    SubscriberOutcomeMetrics subscriberOutcomeMetrics(MeterRegistry meters) {
        return new SubscriberOutcomeMetrics(meters);
    }
}
