package dev.todo.api.outbox;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** The last step: the event leaves through Dapr pub/sub once every other effect has happened. */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class PublishStep implements DeliveryStep {

    private final EventPublisher publisher;

    PublishStep(EventPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public void deliver(PendingEvent event) {
        publisher.publish(event);
    }
}
