package dev.todo.notification.stream;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param timeout               how long one SSE response stays open; the browser then reconnects with Last-Event-ID
 * @param heartbeat             interval of comment lines that keep proxies from closing an idle stream
 * @param retention             how long stream events stay replayable
 * @param replayLimit           most events replayed on one reconnect
 * @param listenReconnect       wait before re-opening the LISTEN connection after it broke
 * @param ticketTtl             how long a stream ticket can be redeemed (at most {@link #MAX_TICKET_TTL})
 * @param maxConnectionsPerUser streams one user may hold open on one replica; more are answered 429
 * @param maxConnections        streams one replica holds open in all; more are answered 429
 * @param retryAfter            the {@code Retry-After} of such a 429
 * @param queueCapacity         events waiting for one slow client before it is dropped (it resumes from the log)
 */
@ConfigurationProperties("notification.stream")
public record StreamProperties(Duration timeout, Duration heartbeat, Duration retention, int replayLimit,
                               Duration listenReconnect, Duration ticketTtl, int maxConnectionsPerUser,
                               int maxConnections, Duration retryAfter, int queueCapacity) {

    /** SPEC §2: a ticket is short-lived, at most a minute. */
    public static final Duration MAX_TICKET_TTL = Duration.ofSeconds(60);

    public StreamProperties {
        if (ticketTtl == null || ticketTtl.isNegative() || ticketTtl.isZero() || ticketTtl.compareTo(MAX_TICKET_TTL) > 0) {
            throw new IllegalArgumentException("notification.stream.ticket-ttl must be more than 0 and at most "
                    + MAX_TICKET_TTL + ", was " + ticketTtl);
        }
        if (maxConnectionsPerUser < 1 || maxConnections < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("notification.stream.max-connections-per-user, max-connections and "
                    + "queue-capacity must be at least 1");
        }
    }
}
