package dev.todo.recurring.subscription;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todo.common.pubsub.CloudEventReader;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class SubscriptionConfig {

    @Bean
    CloudEventReader cloudEventReader(ObjectMapper objectMapper) {
        return new CloudEventReader(objectMapper);
    }
}
