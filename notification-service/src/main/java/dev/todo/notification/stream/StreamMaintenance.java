package dev.todo.notification.stream;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

@Component
class StreamMaintenance {

    private static final Logger log = LoggerFactory.getLogger(StreamMaintenance.class);

    private final StreamHub hub;
    private final StreamEventStore store;
    private final StreamTicketStore tickets;
    private final StreamProperties properties;
    private final Clock clock;

    StreamMaintenance(StreamHub hub, StreamEventStore store, StreamTicketStore tickets, StreamProperties properties,
                      Clock clock) {
        this.hub = hub;
        this.store = store;
        this.tickets = tickets;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${notification.stream.heartbeat}")
    void heartbeat() {
        hub.heartbeat();
    }

    /**
     * Events older than the retention can no longer be replayed, and expired tickets open nothing; every
     * replica may prune.
     */
    @Scheduled(fixedDelayString = "${notification.stream.prune-interval}")
    void prune() {
        int pruned = store.pruneOlderThan(clock.instant().minus(properties.retention()));
        if (pruned > 0) {
            log.atInfo().setMessage("stream events pruned").addKeyValue("event", "stream_events_pruned")
                    .addKeyValue("count", pruned).log();
        }
        int expired = tickets.pruneExpired();
        if (expired > 0) {
            log.atInfo().setMessage("stream tickets pruned").addKeyValue("event", "stream_tickets_pruned")
                    .addKeyValue("count", expired).log();
        }
    }
}
