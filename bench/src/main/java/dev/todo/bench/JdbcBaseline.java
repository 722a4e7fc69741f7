package dev.todo.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The write path's yardstick: the same two-row transaction todo-api commits for a create (one task row, one
 * outbox row with a TaskEvent-sized JSON payload) through plain JDBC, one connection per worker, closed loop.
 * Its outbox rows are inserted already published, so the relay leaves them alone.
 */
final class JdbcBaseline {

    record Result(long transactions, double seconds, Latencies latencies) {
        double throughput() {
            return transactions / seconds;
        }
    }

    private static final String INSERT_TASK = """
            insert into tasks (user_id, title, priority, tags, time_zone, series_id, occurrence, created_at, updated_at)
            values (?, ?, 'high', array['bench'], 'UTC', ?, 1, ?, ?) returning id""";
    private static final String INSERT_OUTBOX = """
            insert into outbox_events (event_id, task_id, user_id, topic, event_type, payload, created_at, published_at)
            values (?, ?, ?, 'task-events', 'created', cast(? as jsonb), ?, ?)""";

    private final String jdbcUrl;
    private final String user;
    private final String password;

    JdbcBaseline(String jdbcUrl, String user, String password) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    Result run(int workers, Duration duration) throws InterruptedException {
        Latencies latencies = new Latencies();
        AtomicLong done = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        for (int i = 0; i < workers; i++) {
            Thread t = new Thread(() -> {
                try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
                     PreparedStatement task = c.prepareStatement(INSERT_TASK);
                     PreparedStatement outbox = c.prepareStatement(INSERT_OUTBOX)) {
                    c.setAutoCommit(false);
                    while (System.nanoTime() < deadline) {
                        long t0 = System.nanoTime();
                        insertOne(c, task, outbox);
                        latencies.record((System.nanoTime() - t0) / 1000);
                        done.incrementAndGet();
                    }
                } catch (SQLException | RuntimeException e) {
                    failures.add(e);
                }
            }, "jdbc-baseline-" + i);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("JDBC baseline failed", failures.get(0));
        }
        return new Result(done.get(), (System.nanoTime() - start) / 1e9, latencies);
    }

    private static void insertOne(Connection c, PreparedStatement task, PreparedStatement outbox) throws SQLException {
        Timestamp now = Timestamp.from(Instant.now());
        UUID series = UUID.randomUUID();
        task.setString(1, "bench-jdbc");
        task.setString(2, "bench task");
        task.setObject(3, series);
        task.setTimestamp(4, now);
        task.setTimestamp(5, now);
        long id;
        try (ResultSet rs = task.executeQuery()) {
            rs.next();
            id = rs.getLong(1);
        }
        UUID eventId = UUID.randomUUID();
        outbox.setObject(1, eventId);
        outbox.setLong(2, id);
        outbox.setString(3, "bench-jdbc");
        outbox.setString(4, payload(eventId, id, series, now.toInstant()));
        outbox.setTimestamp(5, now);
        outbox.setTimestamp(6, now);
        outbox.executeUpdate();
        c.commit();
    }

    /** A TaskEvent of the same shape and size as the application writes. */
    private static String payload(UUID eventId, long id, UUID series, Instant now) {
        return "{\"event_id\":\"" + eventId + "\",\"event_type\":\"created\",\"task_id\":" + id
                + ",\"task_data\":{\"id\":" + id + ",\"user_id\":\"bench-jdbc\",\"title\":\"bench task\","
                + "\"description\":null,\"completed\":false,\"priority\":\"high\",\"tags\":[\"bench\"],\"due_at\":null,"
                + "\"time_zone\":\"UTC\",\"recurrence_pattern\":null,\"recurrence_anchor\":\"due\","
                + "\"reminder_offset\":null,\"remind_at\":null,\"series_id\":\"" + series + "\",\"occurrence\":1,"
                + "\"completed_at\":null,\"created_at\":\"" + now + "\",\"updated_at\":\"" + now + "\",\"version\":0},"
                + "\"user_id\":\"bench-jdbc\",\"timestamp\":\"" + now + "\",\"schema_version\":1}";
    }
}
