package dev.todo.common.pubsub;

/**
 * How daprd batches a bulk subscription ({@code @BulkSubscribe} on the route). The Kafka component flushes a
 * partition's batch when it holds {@link #MAX_MESSAGES} or when its ticker fires every {@link #MAX_AWAIT_MS}
 * (components-contrib common/component/kafka/consumer.go); left unset the ticker is 10 s, which would hold a quiet
 * topic's event that long. 50 ms is what a browser waiting for its task-update does not notice, and at a few
 * hundred events a second it still gathers several per request.
 */
public final class BulkDelivery {

    public static final int MAX_MESSAGES = 100;
    public static final int MAX_AWAIT_MS = 50;

    private BulkDelivery() {
    }
}
