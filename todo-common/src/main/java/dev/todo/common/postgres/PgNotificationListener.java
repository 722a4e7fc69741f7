package dev.todo.common.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LISTENs on one channel over a session of its own and hands the notifications to the thread that calls
 * {@link #await}. It connects on first use and reconnects after the session breaks; since notifications sent
 * while no session listened are lost, a fresh session is reported as {@link Wake.Kind#CONNECTED} so the caller
 * catches up from its table. Not thread-safe: one thread owns it.
 */
public final class PgNotificationListener implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PgNotificationListener.class);

    private final PgConnector connector;
    private final String channel;
    private final Duration reconnectPause;
    private Connection connection;
    private volatile boolean listening;

    /**
     * @param channel        a plain SQL identifier (it is written into the LISTEN statement)
     * @param reconnectPause how long a failed connect waits before {@link #await} returns, so a database outage
     *                       is not hammered by reconnect attempts
     */
    public PgNotificationListener(PgConnector connector, String channel, Duration reconnectPause) {
        if (!channel.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("channel must be a lower-case SQL identifier: " + channel);
        }
        this.connector = connector;
        this.channel = channel;
        this.reconnectPause = reconnectPause;
    }

    /**
     * Waits until at least one notification arrives or {@code timeout} passes. Never throws on a broken
     * session: it closes it, and the next call connects again.
     */
    public Wake await(Duration timeout) {
        if (connection == null) {
            return connect();
        }
        try {
            PGConnection pg = connection.unwrap(PGConnection.class);
            long deadline = System.nanoTime() + timeout.toNanos();
            long remaining;
            while ((remaining = deadline - System.nanoTime()) > 0) {
                int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, remaining / 1_000_000));
                PGNotification[] notifications = pg.getNotifications(millis);
                if (notifications != null && notifications.length > 0) {
                    List<String> payloads = new ArrayList<>(notifications.length);
                    for (PGNotification notification : notifications) {
                        payloads.add(notification.getParameter());
                    }
                    return new Wake(Wake.Kind.NOTIFIED, payloads);
                }
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
            }
            return Wake.TIMED_OUT;
        } catch (SQLException e) {
            log.atWarn().setMessage("notification listener lost its connection, reconnecting")
                    .addKeyValue("event", "pg_listener_disconnected").addKeyValue("channel", channel)
                    .addKeyValue("error", e.toString()).log();
            close();
            return Wake.DISCONNECTED;
        }
    }

    /** True while a session LISTENs on the channel. */
    public boolean isListening() {
        return listening;
    }

    @Override
    public void close() {
        listening = false;
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            log.atDebug().setMessage("notification listener connection did not close cleanly")
                    .addKeyValue("event", "pg_listener_close").addKeyValue("channel", channel)
                    .addKeyValue("error", e.toString()).log();
        }
        connection = null;
    }

    private Wake connect() {
        try {
            connection = connector.open();
            try (Statement statement = connection.createStatement()) {
                statement.execute("LISTEN " + channel);
            }
            listening = true;
            log.atInfo().setMessage("notification listener connected").addKeyValue("event", "pg_listener_connected")
                    .addKeyValue("channel", channel).log();
            return Wake.CONNECTED;
        } catch (SQLException e) {
            log.atWarn().setMessage("notification listener cannot connect, retrying")
                    .addKeyValue("event", "pg_listener_connect_failed").addKeyValue("channel", channel)
                    .addKeyValue("retry_in_ms", reconnectPause.toMillis()).addKeyValue("error", e.toString()).log();
            close();
            // a pause between reconnect attempts, not a wait for a result
            LockSupport.parkNanos(reconnectPause.toNanos());
            return Wake.DISCONNECTED;
        }
    }

    /**
     * Why {@link #await} returned.
     *
     * @param payloads the notifications' payloads, oldest first; empty unless {@code NOTIFIED}
     */
    public record Wake(Kind kind, List<String> payloads) {

        static final Wake CONNECTED = new Wake(Kind.CONNECTED, List.of());
        static final Wake TIMED_OUT = new Wake(Kind.TIMED_OUT, List.of());
        static final Wake DISCONNECTED = new Wake(Kind.DISCONNECTED, List.of());

        public enum Kind {
            /** A new session listens now; anything notified before it was missed. */
            CONNECTED,
            NOTIFIED,
            TIMED_OUT,
            /** No session: the connection broke or could not be opened; the next call tries again. */
            DISCONNECTED
        }
    }
}
