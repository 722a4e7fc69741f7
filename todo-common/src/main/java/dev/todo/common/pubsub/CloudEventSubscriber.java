package dev.todo.common.pubsub;

import dev.todo.common.events.SubscribedEvent;
import io.dapr.client.domain.CloudEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;
import org.springframework.http.ResponseEntity;

/**
 * The skeleton of every Dapr subscription route: read the CloudEvent (unreadable → DROP), hand its data to the
 * subscription's handler, and turn what happens into Dapr's answer: SUCCESS, RETRY on a
 * {@link TransientMessageException}, DROP on a {@link PoisonMessageException}. Anything else propagates as a
 * 500, which daprd retries under the resiliency policy like a RETRY. The answer is counted per topic by
 * {@link SubscriberOutcomeMetrics}, which watches every {@code @Topic} route's body.
 */
public class CloudEventSubscriber {

    private static final Logger log = LoggerFactory.getLogger(CloudEventSubscriber.class);

    private final CloudEventReader reader;

    public CloudEventSubscriber(CloudEventReader reader) {
        this.reader = reader;
    }

    public <T extends SubscribedEvent> ResponseEntity<DaprAppResponse> receive(byte[] body,
            Subscription<T> subscription, MessageHandler<T> handler) {
        CloudEvent<T> cloudEvent;
        try {
            cloudEvent = reader.read(body, subscription.type(), subscription.problems());
        } catch (PoisonMessageException e) {
            unreadable(subscription, e);
            return DaprAppResponse.drop();
        }
        return ResponseEntity.ok(new DaprAppResponse(handled(cloudEvent.getData(), subscription, handler)));
    }

    CloudEventReader reader() {
        return reader;
    }

    static void unreadable(Subscription<?> subscription, PoisonMessageException e) {
        withDeadLetterTopic(log.atError(), subscription)
                .setMessage("unreadable message dropped").addKeyValue("event", "poison_dropped")
                .addKeyValue("topic", subscription.topic()).addKeyValue("cloud_event_id", e.cloudEventId())
                .addKeyValue("reason", e.getMessage()).log();
    }

    /** Hands one readable message to the handler and turns what happens into Dapr's answer for it. */
    static <T extends SubscribedEvent> DaprAppResponse.Status handled(T message, Subscription<T> subscription,
            MessageHandler<T> handler) {
        try {
            Object outcome = handler.handle(message);
            handledLog(message, subscription, outcome);
            return DaprAppResponse.Status.SUCCESS;
        } catch (TransientMessageException e) {
            retryLog(message, subscription, e);
            return DaprAppResponse.Status.RETRY;
        } catch (PoisonMessageException e) {
            rejected(message, subscription, e);
            return DaprAppResponse.Status.DROP;
        }
    }

    static void handledLog(SubscribedEvent message, Subscription<?> subscription, Object outcome) {
        about(log.atLevel(subscription.handledLevel()), message)
                .setMessage("message handled").addKeyValue("event", subscription.logName() + "_handled")
                .addKeyValue("outcome", outcome).log();
    }

    static void retryLog(SubscribedEvent message, Subscription<?> subscription, TransientMessageException e) {
        about(log.atWarn(), message).setMessage("message not handled yet, asking Dapr to retry")
                .addKeyValue("event", subscription.logName() + "_retry").addKeyValue("error", e.getMessage()).log();
    }

    static void rejected(SubscribedEvent message, Subscription<?> subscription, PoisonMessageException e) {
        withDeadLetterTopic(about(log.atError(), message), subscription)
                .setMessage("message rejected, dropped").addKeyValue("event", subscription.logName() + "_rejected")
                .addKeyValue("reason", e.getMessage()).log();
    }

    private static LoggingEventBuilder about(LoggingEventBuilder line, SubscribedEvent message) {
        return line.addKeyValue("event_id", message.eventId()).addKeyValue("task_id", message.taskId())
                .addKeyValue("user_id", message.userId()).addKeyValue("event_type", message.eventTypeName());
    }

    private static LoggingEventBuilder withDeadLetterTopic(LoggingEventBuilder line, Subscription<?> subscription) {
        return subscription.deadLetterTopic() == null ? line
                : line.addKeyValue("dead_letter_topic", subscription.deadLetterTopic());
    }
}
