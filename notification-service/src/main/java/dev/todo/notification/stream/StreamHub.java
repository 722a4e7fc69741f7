package dev.todo.notification.stream;

import jakarta.annotation.PreDestroy;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The SSE connections open on this replica, by user, within the caps of {@link StreamProperties}.
 *
 * <p>Writes go through a cached thread pool rather than a fixed one: a write to a client whose TCP
 * window stays closed blocks its thread until the connector's write timeout, so a fixed pool would be
 * stalled by as many slow clients as it has threads. Each connection runs at most one writing task at a
 * time and holds its slot until that task is done, so the pool grows to at most about the number of open
 * streams, which {@code max-connections} caps; idle threads die after a minute.
 */
@Component
public class StreamHub {

    private static final Logger log = LoggerFactory.getLogger(StreamHub.class);

    private final Map<String, Set<StreamConnection>> byUser = new ConcurrentHashMap<>();
    private final StreamEventStore store;
    private final StreamProperties properties;
    private final StreamSlots slots;
    private final ExecutorService senders = Executors.newCachedThreadPool(senderThreads());

    public StreamHub(StreamEventStore store, StreamProperties properties, MeterRegistry meters) {
        this.store = store;
        this.properties = properties;
        this.slots = new StreamSlots(properties.maxConnectionsPerUser(), properties.maxConnections());
        Gauge.builder("notification.stream.connections", this, StreamHub::connectionCount)
                .description("SSE streams open on this replica").register(meters);
        Gauge.builder("notification.stream.queued", this, StreamHub::queuedEvents)
                .description("events waiting for slow SSE clients on this replica").register(meters);
    }

    /**
     * Opens a stream, or refuses with 429 over a cap. The connection is registered before the replay is
     * read, so an event committed in between reaches the client through one path or the other (sent once).
     */
    public SseEmitter connect(String userId, Long lastEventId) {
        switch (slots.tryAcquire(userId)) {
            case USER_FULL -> throw new StreamLimitException("This user already has "
                    + properties.maxConnectionsPerUser() + " event streams open.", properties.retryAfter());
            case REPLICA_FULL -> throw new StreamLimitException("This server has as many event streams open as "
                    + "it allows.", properties.retryAfter());
            case ADMITTED -> { }
        }
        StreamConnection connection;
        try {
            SseEmitter emitter = new SseEmitter(properties.timeout().toMillis());
            connection = new StreamConnection(userId, emitter, properties.queueCapacity(), senders, this::ended);
            emitter.onCompletion(connection::ended);
            emitter.onTimeout(connection::ended);
            emitter.onError(e -> connection.ended());
            byUser.computeIfAbsent(userId, u -> ConcurrentHashMap.newKeySet()).add(connection);
            connection.start(replay(userId, lastEventId));
            log.atInfo().setMessage("stream opened").addKeyValue("event", "stream_opened")
                    .addKeyValue("user_id", userId)
                    .addKeyValue("connections_here", connectionCount()).log();
            return emitter;
        } catch (RuntimeException e) {
            slots.release(userId);
            throw e;
        }
    }

    public void dispatch(Collection<StreamEvent> events) {
        for (StreamEvent event : events) {
            Set<StreamConnection> connections = byUser.get(event.userId());
            if (connections == null) {
                continue;
            }
            for (StreamConnection connection : connections) {
                if (!connection.offer(event)) {
                    unregister(connection);
                }
            }
        }
    }

    public void heartbeat() {
        byUser.values().forEach(connections -> connections.forEach(c -> {
            if (!c.heartbeat()) {
                unregister(c);
            }
        }));
    }

    /**
     * Ends every open stream, so a graceful shutdown is not held up by long-lived responses; the
     * browsers reconnect (to another replica) with Last-Event-ID and miss nothing.
     */
    public void closeAll() {
        byUser.values().forEach(connections -> connections.forEach(StreamConnection::close));
        byUser.clear();
    }

    /** Streams holding a slot on this replica (dropped ones until their last write is over). */
    public int connectionCount() {
        return slots.total();
    }

    int connectionCount(String userId) {
        return slots.held(userId);
    }

    /** Streams of the user that still take live events (a dropped one no longer does). */
    int streamsReceiving(String userId) {
        Set<StreamConnection> connections = byUser.get(userId);
        return connections == null ? 0 : connections.size();
    }

    int queuedEvents() {
        return byUser.values().stream().flatMap(Set::stream).mapToInt(StreamConnection::queued).sum();
    }

    @PreDestroy
    void shutdown() {
        senders.shutdown();
    }

    private Supplier<List<StreamEvent>> replay(String userId, Long lastEventId) {
        if (lastEventId == null) {
            return List::of;
        }
        return () -> {
            List<StreamEvent> missed = store.findForUserAfter(userId, lastEventId, properties.replayLimit());
            log.atInfo().setMessage("stream replayed").addKeyValue("event", "stream_replayed")
                    .addKeyValue("user_id", userId)
                    .addKeyValue("last_event_id", lastEventId).addKeyValue("replayed", missed.size()).log();
            return missed;
        };
    }

    private void ended(StreamConnection connection) {
        unregister(connection);
        slots.release(connection.userId());
        log.atInfo().setMessage("stream closed").addKeyValue("event", "stream_closed")
                .addKeyValue("user_id", connection.userId()).addKeyValue("connections_here", connectionCount()).log();
    }

    private void unregister(StreamConnection connection) {
        byUser.computeIfPresent(connection.userId(), (u, set) -> {
            set.remove(connection);
            return set.isEmpty() ? null : set;
        });
    }

    private static ThreadFactory senderThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "stream-sender-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
