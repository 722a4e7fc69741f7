package dev.todo.common.pubsub;

import java.util.List;

/** What one subscription does with every readable message of a bulk delivery at once (one database round trip). */
@FunctionalInterface
public interface BatchHandler<T> {

    /**
     * @return what handling did to each message, in the order given, for the log lines
     * @throws TransientMessageException when Dapr should redeliver them all (RETRY)
     * @throws PoisonMessageException    when one of them can never be handled: each is then handled alone, so only
     *                                   that one is dropped
     */
    List<?> handleAll(List<T> messages);
}
