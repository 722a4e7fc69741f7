package dev.todo.api.outbox;

/**
 * One side effect the relay carries out for an outbox row before marking it published. Steps run in
 * {@code @Order}; a step that throws leaves the row (and the later rows of the same task) for a retry, so
 * every step must be idempotent.
 */
public interface DeliveryStep {

    void deliver(PendingEvent event);
}
