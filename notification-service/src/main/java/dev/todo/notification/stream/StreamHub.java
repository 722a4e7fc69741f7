package dev.todo.notification.stream;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The SSE connections open on this replica, by user. */
@Component
public class StreamHub {

    private static final Logger log = LoggerFactory.getLogger(StreamHub.class);

    private final Map<String, Set<StreamConnection>> byUser = new ConcurrentHashMap<>();
    private final StreamEventStore store;
    private final StreamProperties properties;

    public StreamHub(StreamEventStore store, StreamProperties properties, MeterRegistry meters) {
        this.store = store;
        this.properties = properties;
        Gauge.builder("notification.stream.connections", this, StreamHub::connectionCount)
                .description("SSE streams open on this replica").register(meters);
    }

    /**
     * Opens a stream. The connection is registered before the replay is read, so an event
     * committed in between reaches the client through one path or the other (sent once).
     */
    public SseEmitter connect(String userId, Long lastEventId) {
        SseEmitter emitter = new SseEmitter(properties.timeout().toMillis());
        StreamConnection connection = new StreamConnection(userId, emitter);
        byUser.computeIfAbsent(userId, u -> ConcurrentHashMap.newKeySet()).add(connection);
        emitter.onCompletion(() -> remove(connection));
        emitter.onTimeout(() -> remove(connection));
        emitter.onError(e -> remove(connection));
        // An immediate comment commits the response, so the client sees the stream open at once.
        connection.heartbeat();
        if (lastEventId != null) {
            List<StreamEvent> missed = store.findForUserAfter(userId, lastEventId, properties.replayLimit());
            for (StreamEvent event : missed) {
                if (!connection.send(event)) {
                    break;
                }
            }
            log.info("stream replayed user_id={} last_event_id={} replayed={}", userId, lastEventId, missed.size());
        }
        log.info("stream opened user_id={} connections_here={}", userId, connectionCount());
        return emitter;
    }

    public void dispatch(Collection<StreamEvent> events) {
        for (StreamEvent event : events) {
            Set<StreamConnection> connections = byUser.get(event.userId());
            if (connections == null) {
                continue;
            }
            for (StreamConnection connection : connections) {
                if (!connection.send(event)) {
                    remove(connection);
                }
            }
        }
    }

    public void heartbeat() {
        byUser.values().forEach(connections -> connections.forEach(c -> {
            if (!c.heartbeat()) {
                remove(c);
            }
        }));
    }

    /**
     * Ends every open stream, so a graceful shutdown is not held up by long-lived responses; the
     * browsers reconnect (to another replica) with Last-Event-ID and miss nothing.
     */
    public void closeAll() {
        byUser.values().forEach(connections -> connections.forEach(c -> {
            c.close();
            try {
                c.emitter().complete();
            } catch (RuntimeException alreadyGone) {
                // the client disconnected meanwhile
            }
        }));
        byUser.clear();
    }

    public int connectionCount() {
        return byUser.values().stream().mapToInt(Set::size).sum();
    }

    private void remove(StreamConnection connection) {
        connection.close();
        byUser.computeIfPresent(connection.userId(), (u, set) -> {
            set.remove(connection);
            return set.isEmpty() ? null : set;
        });
    }
}
