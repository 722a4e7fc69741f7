package dev.todo.common.pubsub;

/** What one subscription does with a message it could read. */
@FunctionalInterface
public interface MessageHandler<T> {

    /**
     * @return what handling did, for the log line
     * @throws TransientMessageException when Dapr should redeliver the message (RETRY)
     * @throws PoisonMessageException    when no redelivery can ever succeed (DROP)
     */
    Object handle(T message);
}
