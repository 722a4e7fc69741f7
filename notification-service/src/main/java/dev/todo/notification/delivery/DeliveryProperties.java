package dev.todo.notification.delivery;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param initialBackoff wait before the first retry; doubles per failed attempt up to maxBackoff
 * @param maxAttempts    attempts after which a failed delivery stays failed
 * @param lease          how long a replica owns a delivery it claimed; after that another may take it
 * @param pollInterval   how often the retrier looks for due deliveries
 * @param batchSize      deliveries one retrier run claims at most
 */
@ConfigurationProperties("notification.delivery")
public record DeliveryProperties(Duration initialBackoff, Duration maxBackoff, int maxAttempts, Duration lease,
                                 Duration pollInterval, int batchSize) {

    /** @return the wait after the given number of failed attempts, or null when retries are used up */
    public Duration backoffAfter(int failedAttempts) {
        if (failedAttempts >= maxAttempts) {
            return null;
        }
        Duration wait = initialBackoff;
        for (int i = 1; i < failedAttempts && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
