package dev.todo.notification.delivery;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * @param initialBackoff wait before the first retry; doubles per failed attempt up to maxBackoff
 * @param maxBackoff     the longest wait between two attempts
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
        // the attempt count lives in the notification row, not in a running execution: replay it to that point
        BackOffExecution execution = backOff().start();
        long wait = BackOffExecution.STOP;
        for (int i = 0; i < failedAttempts; i++) {
            wait = execution.nextBackOff();
        }
        return wait == BackOffExecution.STOP ? null : Duration.ofMillis(wait);
    }

    private ExponentialBackOff backOff() {
        ExponentialBackOff backOff = new ExponentialBackOff(initialBackoff.toMillis(), 2.0);
        backOff.setMaxInterval(maxBackoff.toMillis());
        // the first attempt is no retry
        backOff.setMaxAttempts(Math.max(0, maxAttempts - 1));
        return backOff;
    }
}
