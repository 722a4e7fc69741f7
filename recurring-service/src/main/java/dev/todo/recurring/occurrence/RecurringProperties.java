package dev.todo.recurring.occurrence;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** @param daprTimeout longest wait for one sidecar call before the event is handed back for retry */
@ConfigurationProperties("recurring")
public record RecurringProperties(Duration daprTimeout) {
}
