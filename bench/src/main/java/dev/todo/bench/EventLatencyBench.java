package dev.todo.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Two latencies at a steady rate on the full stack: create (HTTP request sent) → its {@code created} TaskEvent
 * read from Kafka by a plain consumer; and complete (HTTP request sent) → the next occurrence, created by
 * recurring-service through Dapr, readable through the list API (polled every 10 ms).
 */
final class EventLatencyBench {

    static final double TARGET_NEXT_OCCURRENCE_P99_MS = 250;

    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(10);
    /** Completions per second of the unmeasured run-up to the steady figure: fast, yet well within what keeps up. */
    private static final int STEADY_WARM_UP_RATE = 40;

    private final TodoApiClient api;
    private final String bootstrap;
    private final OutboxBacklog outbox;
    /** Scrape address per service and sidecar, for their own latency histograms around each measurement. */
    private final Map<String, String> services;
    private final ObjectMapper json = new ObjectMapper();

    EventLatencyBench(TodoApiClient api, String bootstrap, OutboxBacklog outbox, Map<String, String> services) {
        this.api = api;
        this.bootstrap = bootstrap;
        this.outbox = outbox;
        this.services = services;
    }

    List<Row> run(Scale scale, PrintStream out) throws Exception {
        List<Row> rows = new ArrayList<>();
        rows.addAll(drainOutbox(out));
        rows.addAll(createdToKafka(scale, out));
        rows.addAll(completionToNextOccurrence(scale, out));
        return rows;
    }

    /**
     * Latency at a steady rate means nothing behind a backlog: the write-path phase leaves thousands of events in
     * the outbox. Wait until the relay has published them all, and report how fast it did.
     */
    private List<Row> drainOutbox(PrintStream out) throws Exception {
        OutboxBacklog.Drained drained = outbox.drain(DRAIN_TIMEOUT);
        double seconds = drained.took().toNanos() / 1e9;
        out.printf("outbox backlog of %d events drained in %.1f s%n", drained.events(), seconds);
        return List.of(Row.info("event latency", "outbox backlog left by the write path, drained before measuring",
                drained.events() == 0 ? "none" : String.format("%d events in %.1f s (%.0f events/s, each to "
                        + "task-events and task-updates)", drained.events(), seconds, drained.perSecond())));
    }

    private List<Row> createdToKafka(Scale scale, PrintStream out) throws Exception {
        String user = "bench-events-" + UUID.randomUUID().toString().substring(0, 8);
        Map<Long, Long> received = new ConcurrentHashMap<>();
        AtomicBoolean consuming = new AtomicBoolean(true);
        Thread consumer = consumer(user, received, consuming);
        int rate = scale.eventRate();
        int total = rate * (int) scale.eventDuration().toSeconds();
        // The first creates of the phase take the bench's own cold paths (a new sender pool and its connections,
        // the consumer's first records) and were the slowest of a run (84, 47, 23 ms against a p50 of 10): two
        // seconds' worth go first, at the same rate from the same senders, unmeasured but reported, as the
        // completion phase does.
        int runUp = rate * 2;
        ExecutorService senders = Executors.newFixedThreadPool(8);
        Map<Long, Long> runUpSent;
        Map<Long, Long> sent;
        List<ServerTimers.Delta> hops;
        try {
            runUpSent = paced(user, runUp, rate, senders);
            awaitConsumed(runUpSent, received, Duration.ofSeconds(30));
            ServerTimers.Snapshot timersBefore = ServerTimers.scrape(services);
            sent = paced(user, total, rate, senders);
            awaitConsumed(sent, received, Duration.ofSeconds(30));
            hops = ServerTimers.scrape(services).since(timersBefore);
        } finally {
            senders.shutdownNow();
            consuming.set(false);
            consumer.join(10_000);
        }
        Latencies runUpLatencies = latencies(runUpSent, received);
        Latencies latencies = latencies(sent, received);
        int missing = sent.size() - latencies.count();
        out.printf("create -> Kafka: %d tasks at %d/s (after %d unmeasured: p99 %.1f ms), p50 %.1f ms p99 %.1f ms, "
                + "%d not seen%n", sent.size(), rate, runUp, runUpLatencies.percentileMillis(99),
                latencies.percentileMillis(50), latencies.percentileMillis(99), missing);
        printSlowest(sent, received, out);
        String section = "event latency, " + rate + " creates/s";
        List<Row> rows = new ArrayList<>(List.of(
                Row.info(section, "create sent → created TaskEvent consumed from task-events, p50 / p99, the run-up",
                        String.format("%.1f ms / %.1f ms (the first %d events, unmeasured)",
                                runUpLatencies.percentileMillis(50), runUpLatencies.percentileMillis(99),
                                runUpLatencies.count())),
                Row.info(section, "create sent → created TaskEvent consumed from task-events, p50 / p99",
                        String.format("%.1f ms / %.1f ms (%d events, after %d unmeasured)",
                                latencies.percentileMillis(50), latencies.percentileMillis(99), latencies.count(),
                                runUp)),
                new Row(section, "created events not consumed within 30 s", String.valueOf(missing), "0", missing == 0)));
        rows.addAll(ServerTimers.rows(section, hops));
        return rows;
    }

    /** Creates {@code count} tasks at {@code rate} per second; returns each task's id and send time once all answered. */
    private Map<Long, Long> paced(String user, int count, int rate, ExecutorService senders) throws Exception {
        Map<Long, Long> sent = new ConcurrentHashMap<>();
        atRate(count, rate, senders, i -> {
            long t0 = System.nanoTime();
            JsonNode task = api.create(user, "{\"title\":\"event latency\",\"tags\":[\"bench\"]}");
            sent.put(task.get("id").asLong(), t0);
        });
        return sent;
    }

    /**
     * Runs {@code send} for 0 … count-1 on {@code senders}, started at {@code rate} per second whatever the answers
     * take (an open loop), and returns once every one has run.
     */
    private static void atRate(int count, int rate, ExecutorService senders, IntConsumer send)
            throws InterruptedException {
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        CountDownLatch done = new CountDownLatch(count);
        AtomicInteger next = new AtomicInteger();
        try {
            ticker.scheduleAtFixedRate(() -> {
                int i = next.getAndIncrement();
                if (i >= count) {
                    return;
                }
                senders.submit(() -> {
                    try {
                        send.accept(i);
                    } finally {
                        done.countDown();
                    }
                });
            }, 0, 1_000_000L / rate, TimeUnit.MICROSECONDS);
            if (!done.await(count / rate + 30L, TimeUnit.SECONDS)) {
                throw new IllegalStateException("requests not answered within 30 s of the end of their pace");
            }
        } finally {
            ticker.shutdownNow();
        }
    }

    /** Until every key of {@code sent} was received, or {@code grace} has passed. */
    private static <K> void awaitConsumed(Map<K, Long> sent, Map<K, Long> received, Duration grace)
            throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        while (System.nanoTime() < deadline && !received.keySet().containsAll(sent.keySet())) {
            Thread.sleep(100); // a benchmark's pacing loop, not a test's synchronisation
        }
    }

    /** {@code received - sent} of every key in both, in microseconds. */
    private static <K> Latencies latencies(Map<K, Long> sent, Map<K, Long> received) {
        Latencies latencies = new Latencies();
        record(sent, received, latencies);
        return latencies;
    }

    /** Records {@code received - sent} of every key in both; returns how many keys of {@code sent} were not received. */
    private static <K> int record(Map<K, Long> sent, Map<K, Long> received, Latencies latencies) {
        int missing = 0;
        for (Map.Entry<K, Long> e : sent.entrySet()) {
            Long at = received.get(e.getKey());
            if (at == null) {
                missing++;
            } else {
                latencies.record((at - e.getValue()) / 1000);
            }
        }
        return missing;
    }

    /** Where in the run the tail lies: the slowest events with their send time since the first one. */
    private static void printSlowest(Map<Long, Long> sent, Map<Long, Long> received, PrintStream out) {
        long first = sent.values().stream().mapToLong(Long::longValue).min().orElse(0);
        sent.entrySet().stream().filter(e -> received.containsKey(e.getKey()))
                .sorted((a, b) -> Long.compare(received.get(b.getKey()) - b.getValue(),
                        received.get(a.getKey()) - a.getValue()))
                .limit(10)
                .forEach(e -> out.printf("  slow: task %d sent at +%.3f s, %.1f ms%n", e.getKey(),
                        (e.getValue() - first) / 1e9, (received.get(e.getKey()) - e.getValue()) / 1e6));
    }

    private Thread consumer(String user, Map<Long, Long> received, AtomicBoolean running) throws InterruptedException {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        CountDownLatch positioned = new CountDownLatch(1);
        Thread thread = new Thread(() -> {
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
                List<TopicPartition> partitions = consumer.partitionsFor("task-events").stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToEnd(partitions);
                partitions.forEach(consumer::position);
                positioned.countDown();
                while (running.get()) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
                        long now = System.nanoTime();
                        JsonNode event = taskEvent(record.value());
                        if (event != null && user.equals(event.path("user_id").asText())
                                && "created".equals(event.path("event_type").asText())) {
                            received.putIfAbsent(event.get("task_id").asLong(), now);
                        }
                    }
                }
            }
        }, "bench-kafka-consumer");
        thread.setDaemon(true);
        thread.start();
        if (!positioned.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Kafka consumer not positioned on task-events within 60 s");
        }
        return thread;
    }

    /** Dapr wraps the TaskEvent in a CloudEvent; accept a raw one too. */
    private JsonNode taskEvent(String value) {
        try {
            JsonNode node = json.readTree(value);
            JsonNode data = node.get("data");
            if (data != null && data.isTextual()) {
                data = json.readTree(data.asText());
            }
            return data != null && data.isObject() ? data : node;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /**
     * Measured twice at the same rate: first after a few seconds' worth of completions, as it has always been
     * measured here; then again after {@link Scale#completionsBeforeSteady()} completions in all. The write phase
     * runs creates for minutes before its figures, but nothing before this phase completes a task, so the completion
     * path's own code (todo-api's complete and next-occurrence routes, recurring-service's state-store and
     * invocation calls) is still interpreted or in the JIT's first tier after the short warm-up, and the compilers
     * share the two cores with it. The second figure is the one a service that has been running sees.
     */
    private List<Row> completionToNextOccurrence(Scale scale, PrintStream out) throws Exception {
        String user = "bench-recur-" + UUID.randomUUID().toString().substring(0, 8);
        int rate = scale.completionRate();
        int total = rate * (int) scale.completionDuration().toSeconds();
        // The first completions after a restart take recurring-service's and todo-api's cold paths (class loading,
        // first state-store and invocation calls): complete a few seconds' worth first, unmeasured.
        int warmUp = rate * 4;
        int steadyWarmUp = Math.max(0, scale.completionsBeforeSteady() - warmUp - total);
        String due = Instant.now().plus(Duration.ofDays(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        List<JsonNode> series = new ArrayList<>();
        for (int i = 0; i < warmUp + total + steadyWarmUp + total; i++) {
            series.add(api.create(user, "{\"title\":\"recurring " + i + "\",\"due_at\":\"" + due
                    + "\",\"recurrence_pattern\":\"daily\"}"));
        }
        // the series' own created events must not queue ahead of the completions
        outbox.drain(DRAIN_TIMEOUT);
        completions(user, series.subList(0, warmUp), rate);
        outbox.drain(DRAIN_TIMEOUT);
        Latencies early = new Latencies();
        int missing = completions(user, series.subList(warmUp, warmUp + total), rate, early);
        out.printf("complete -> next occurrence readable after %d completions: %d at %d/s, p50 %.1f ms p99 %.1f ms%n",
                warmUp, total, rate, early.percentileMillis(50), early.percentileMillis(99));

        completions(user, series.subList(warmUp + total, warmUp + total + steadyWarmUp), STEADY_WARM_UP_RATE);
        outbox.drain(DRAIN_TIMEOUT);
        Latencies steady = new Latencies();
        int steadyFrom = warmUp + total + steadyWarmUp;
        ServerTimers.Snapshot timersBefore = ServerTimers.scrape(services);
        missing += completions(user, series.subList(steadyFrom, steadyFrom + total), rate, steady);
        List<ServerTimers.Delta> hops = ServerTimers.scrape(services).since(timersBefore);
        out.printf("complete -> next occurrence readable after %d completions: %d at %d/s, p50 %.1f ms p99 %.1f ms, "
                + "%d missing in both%n", steadyFrom, total, rate, steady.percentileMillis(50),
                steady.percentileMillis(99), missing);
        String section = "event latency, " + rate + " completions/s";
        double p99 = steady.percentileMillis(99);
        List<Row> rows = new ArrayList<>(List.of(
                Row.info(section, "complete sent → next occurrence readable via GET /tasks (10 ms poll), p50 / p99, "
                        + "path still warming up",
                        String.format("%.1f ms / %.1f ms (%d completions, after %d unmeasured)",
                                early.percentileMillis(50), early.percentileMillis(99), early.count(), warmUp)),
                new Row(section, "complete sent → next occurrence readable via GET /tasks (10 ms poll), p50 / p99",
                        String.format("%.1f ms / %.1f ms (%d completions, after %d unmeasured)",
                                steady.percentileMillis(50), p99, steady.count(), steadyFrom),
                        "p99 ≤ 250 ms", p99 <= TARGET_NEXT_OCCURRENCE_P99_MS),
                new Row(section, "next occurrences missing after 30 s", String.valueOf(missing), "0", missing == 0)));
        rows.addAll(ServerTimers.rows(section, hops));
        return rows;
    }

    private void completions(String user, List<JsonNode> series, int rate) throws Exception {
        completions(user, series, rate, new Latencies());
    }

    /**
     * Completes each task of {@code series} at {@code rate} per second while a reader polls the list for the next
     * occurrences; records complete-sent → readable into {@code latencies}, returns how many never appeared.
     */
    private int completions(String user, List<JsonNode> series, int rate, Latencies latencies) throws Exception {
        int total = series.size();
        Map<String, Long> completedAt = new ConcurrentHashMap<>();
        Map<String, Long> readableAt = new ConcurrentHashMap<>();
        AtomicBoolean polling = new AtomicBoolean(true);
        Thread poller = new Thread(() -> {
            while (polling.get()) {
                JsonNode page = api.list(user, "status=pending&sort=created_at&order=desc&size=50");
                long now = System.nanoTime();
                for (JsonNode task : page) {
                    if (task.get("occurrence").asInt() >= 2) {
                        readableAt.putIfAbsent(task.get("series_id").asText(), now);
                    }
                }
                try {
                    Thread.sleep(10); // polling interval of the reader, part of what is measured
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-next-occurrence-poller");
        poller.start();
        ExecutorService senders = Executors.newFixedThreadPool(4);
        try {
            atRate(total, rate, senders, i -> {
                JsonNode task = series.get(i);
                completedAt.put(task.get("series_id").asText(), System.nanoTime());
                api.complete(user, task.get("id").asLong());
            });
            awaitConsumed(completedAt, readableAt, Duration.ofSeconds(30));
        } finally {
            senders.shutdownNow();
            polling.set(false);
            poller.join(10_000);
        }
        return record(completedAt, readableAt, latencies) + (total - completedAt.size());
    }
}
