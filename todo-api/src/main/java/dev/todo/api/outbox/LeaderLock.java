package dev.todo.api.outbox;

import dev.todo.common.postgres.PgConnector;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election among todo-api replicas: the holder of a PostgreSQL session advisory lock relays the outbox.
 * The lock lives as long as its session, so a replica whose process or connection dies loses it and another
 * takes over. The session is a connection of its own, outside the pool: a pooled connection would carry the
 * lock into its next borrower. Not thread-safe: the relay's thread owns it.
 */
final class LeaderLock implements AutoCloseable {

    /** Advisory lock key shared by every todo-api replica ("todo-out" in ASCII). */
    static final long KEY = 0x746f646f2d6f7574L;
    private static final Logger log = LoggerFactory.getLogger(LeaderLock.class);
    private static final int SESSION_CHECK_SECONDS = 2;

    private final PgConnector connector;
    private Connection session;
    private volatile boolean held;

    LeaderLock(PgConnector connector) {
        this.connector = connector;
    }

    /**
     * Takes the lock when it is free and, while it is held, checks that its session still lives (a dead session
     * means another replica may hold it now).
     *
     * @return whether this replica leads now
     */
    boolean hold() throws SQLException {
        if (held) {
            if (session.isValid(SESSION_CHECK_SECONDS)) {
                return true;
            }
            log.atWarn().setMessage("outbox relay lost its leader session").addKeyValue("event", "outbox_relay_leader")
                    .addKeyValue("acquired", false).log();
            close();
        }
        if (session == null) {
            session = connector.open();
        }
        try (Statement statement = session.createStatement();
                var result = statement.executeQuery("select pg_try_advisory_lock(" + KEY + ")")) {
            result.next();
            held = result.getBoolean(1);
        }
        if (held) {
            log.atInfo().setMessage("outbox relay is the leader").addKeyValue("event", "outbox_relay_leader")
                    .addKeyValue("acquired", true).log();
        }
        return held;
    }

    boolean isHeld() {
        return held;
    }

    /** Gives the lock up by ending its session. */
    @Override
    public void close() {
        held = false;
        if (session == null) {
            return;
        }
        try {
            session.close();
        } catch (SQLException e) {
            log.atDebug().setMessage("leader session did not close cleanly").addKeyValue("event", "outbox_relay_close")
                    .addKeyValue("error", e.toString()).log();
        }
        session = null;
    }
}
