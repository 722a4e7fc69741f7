package dev.todo.api.outbox;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param maxAttempts failures of a row's own (strikes, see {@link OutboxParking}) after which it is parked: set
 *                    aside so its task's later events go on, kept until replayed
 */
@ConfigurationProperties("todo.outbox")
public record OutboxParkingProperties(Integer maxAttempts) {

    public OutboxParkingProperties {
        // with the relay's back-off a poisoned row is parked within seconds under traffic, while one bad publish
        // among healthy ones (a sidecar hiccup) is far from it
        maxAttempts = maxAttempts == null ? 10 : maxAttempts;
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("todo.outbox.max-attempts must be at least 1");
        }
    }
}
