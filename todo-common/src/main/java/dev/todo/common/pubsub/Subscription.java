package dev.todo.common.pubsub;

import dev.todo.common.events.SubscribedEvent;
import java.util.List;
import java.util.function.Function;
import org.slf4j.event.Level;

/**
 * One topic a service subscribes to, as the subscriber skeleton needs to know it.
 *
 * @param deadLetterTopic the subscription's dead-letter topic, or {@code null} when daprd discards a DROP
 * @param problems        what is wrong with the bound data (empty when valid); the event records carry no
 *                        validation annotations of their own
 * @param logName         the prefix of the log events: {@code <logName>_handled}, {@code _retry}, {@code _rejected}
 * @param handledLevel    how loud a handled message is: a busy, uneventful topic logs it at DEBUG
 */
public record Subscription<T extends SubscribedEvent>(String topic, String deadLetterTopic, Class<T> type,
        Function<T, List<String>> problems, String logName, Level handledLevel) {
}
