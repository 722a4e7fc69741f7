package dev.todo.common.pubsub;

/**
 * How daprd batches a bulk subscription ({@code @BulkSubscribe} on the route). The Kafka component flushes a
 * partition's batch when it holds {@link #MAX_MESSAGES} or when its ticker fires every {@link #MAX_AWAIT_MS}
 * (components-contrib common/component/kafka/consumer.go); left unset the ticker is 10 s, which would hold a quiet
 * topic's event that long. 50 ms is what a browser waiting for its task-update does not notice, and at a few
 * hundred events a second it still gathers several per request; 50 is more than such a window holds per partition.
 */
public final class BulkDelivery {

    public static final int MAX_MESSAGES = 50;
    public static final int MAX_AWAIT_MS = 50;
    /**
     * The wait for a subscription a user is waiting on: recurring-service's {@code task-events}, where a completion
     * must turn into a readable next occurrence within 100 ms at p99 (issue 12). With 50 ms that p99 went from
     * 99 to 123 ms in the benchmark (the ticker's wait is added to every quiet-time completion); 10 ms still
     * gathers a few events per request under load (about 3 per partition and tick at 800 events/s over the local
     * stack's 3 partitions), most of what bulk delivery saves.
     */
    public static final int SHORT_AWAIT_MS = 10;
    /**
     * The body a bulk route accepts: every entry may be as large as an event from a task todo-api accepted (its
     * request body is capped at 64 KiB) plus the CloudEvent around it. Under the services' 64 KiB limit a batch
     * of ordinary task events passed it after ~40 entries, and daprd retries a 413 for ever: the partition stalls.
     */
    public static final long MAX_BODY_BYTES = MAX_MESSAGES * 80L * 1024;

    private BulkDelivery() {
    }
}
