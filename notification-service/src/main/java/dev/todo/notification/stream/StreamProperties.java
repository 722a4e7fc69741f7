package dev.todo.notification.stream;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param timeout         how long one SSE response stays open; the browser then reconnects with Last-Event-ID
 * @param heartbeat       interval of comment lines that keep proxies from closing an idle stream
 * @param retention       how long stream events stay replayable
 * @param replayLimit     most events replayed on one reconnect
 * @param listenReconnect wait before re-opening the LISTEN connection after it broke
 */
@ConfigurationProperties("notification.stream")
public record StreamProperties(Duration timeout, Duration heartbeat, Duration retention, int replayLimit,
                               Duration listenReconnect) {
}
