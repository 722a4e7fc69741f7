package dev.todo.notification.delivery;

import dev.todo.notification.notification.Notification;
import dev.todo.notification.notification.NotificationRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Retries failed deliveries once their backoff has passed, and picks up deliveries whose replica
 * died before finishing them (their claim lease ran out). Safe on any number of replicas.
 */
@Component
class DeliveryRetrier {

    private static final Logger log = LoggerFactory.getLogger(DeliveryRetrier.class);

    private final NotificationRepository repository;
    private final NotificationDelivery delivery;
    private final DeliveryProperties properties;
    private final Clock clock;

    DeliveryRetrier(NotificationRepository repository, NotificationDelivery delivery, DeliveryProperties properties,
                    Clock clock) {
        this.repository = repository;
        this.delivery = delivery;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${notification.delivery.poll-interval}")
    void retryDue() {
        try {
            Instant now = clock.instant();
            List<Notification> due = repository.claimDue(now, now.plus(properties.lease()), properties.batchSize());
            due.forEach(delivery::deliver);
        } catch (DataAccessException e) {
            log.atWarn().setMessage("delivery retrier could not reach the database")
                    .addKeyValue("event", "delivery_retry_failed")
                    .addKeyValue("error", e.toString()).log();
        }
    }
}
