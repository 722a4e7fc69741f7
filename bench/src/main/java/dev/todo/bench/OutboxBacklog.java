package dev.todo.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The outbox rows todo-api has committed but its relay has not yet published. A throughput figure means
 * little while a backlog grows behind it, and a latency figure means nothing behind a backlog, so phases
 * wait here until the relay has caught up.
 */
final class OutboxBacklog {

    private final String todoJdbcUrl;
    private final String user;
    private final String password;

    OutboxBacklog(String todoJdbcUrl, String user, String password) {
        this.todoJdbcUrl = todoJdbcUrl;
        this.user = user;
        this.password = password;
    }

    long unpublished() throws SQLException {
        try (Connection c = DriverManager.getConnection(todoJdbcUrl, user, password);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from outbox_events where published_at is null")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Waits until every committed event is published; returns how many were waiting and how long it took. */
    Drained drain(Duration timeout) throws SQLException, InterruptedException {
        long backlog = unpublished();
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long left = backlog;
        while (left > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("outbox not drained within " + timeout + ": " + left + " events left");
            }
            Thread.sleep(100); // pacing while the relay works through the backlog
            left = unpublished();
        }
        return new Drained(backlog, Duration.ofNanos(System.nanoTime() - start));
    }

    record Drained(long events, Duration took) {

        double perSecond() {
            return events / Math.max(0.001, took.toNanos() / 1e9);
        }
    }
}
