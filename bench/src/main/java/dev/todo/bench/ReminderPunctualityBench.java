package dev.todo.bench;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * N tasks whose reminders fall due within one window: todo-api schedules a Dapr job per task, the Scheduler fires
 * it, todo-api publishes a ReminderEvent, notification-service stores and delivers it. Punctuality is the
 * notification's delivered_at minus its remind_at, both read from notification-service's own table.
 */
final class ReminderPunctualityBench {

    static final double TARGET_P99_MS = 1500;

    private final TodoApiClient api;
    private final String notificationJdbcUrl;
    private final String dbUser;
    private final String dbPassword;

    ReminderPunctualityBench(TodoApiClient api, String notificationJdbcUrl, String dbUser, String dbPassword) {
        this.api = api;
        this.notificationJdbcUrl = notificationJdbcUrl;
        this.dbUser = dbUser;
        this.dbPassword = dbPassword;
    }

    List<Row> run(Scale scale, PrintStream out) throws Exception {
        String user = "bench-remind-" + UUID.randomUUID().toString().substring(0, 8);
        int n = scale.reminders();
        // enough lead time to create every task (and schedule its job) before the first reminder is due
        Instant first = Instant.now().plus(Duration.ofMillis(Math.max(20_000, n * 60L))).truncatedTo(ChronoUnit.SECONDS);
        long stepMillis = scale.reminderWindow().toMillis() / n;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> creations = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Instant remindAt = first.plusMillis(i * stepMillis);
            String body = "{\"title\":\"reminder " + i + "\",\"due_at\":\"" + remindAt.plus(Duration.ofMinutes(1))
                    + "\",\"reminder_offset\":\"PT1M\"}";
            creations.add(pool.submit(() -> api.create(user, body)));
        }
        for (Future<?> f : creations) {
            f.get();
        }
        pool.shutdown();
        Instant created = Instant.now();
        out.printf("reminders: %d tasks created, %s before the first is due%n", n,
                Duration.between(created, first).toMillis() + " ms");
        Instant last = first.plus(scale.reminderWindow());
        Instant giveUp = last.plus(Duration.ofSeconds(60));
        Latencies delivered = new Latencies();
        Latencies stored = new Latencies();
        int count = 0;
        while (Instant.now().isBefore(giveUp)) {
            Thread.sleep(1000); // pacing of the benchmark while the reminders fall due
            if (Instant.now().isBefore(last)) {
                continue;
            }
            delivered = new Latencies();
            stored = new Latencies();
            count = read(user, delivered, stored);
            if (count == n && delivered.count() == n) {
                break;
            }
        }
        out.printf("reminders: %d/%d delivered, delivered-remind_at p50 %.1f ms p99 %.1f ms%n", delivered.count(), n,
                delivered.percentileMillis(50), delivered.percentileMillis(99));
        String section = "reminder punctuality, " + n + " due within " + scale.reminderWindow().toSeconds() + " s";
        double p99 = delivered.percentileMillis(99);
        return List.of(
                Row.info(section, "all tasks created (jobs scheduled) before the first reminder was due by",
                        Duration.between(created, first).toMillis() + " ms"),
                new Row(section, "delivered_at − remind_at, p50 / p99",
                        String.format("%.0f ms / %.0f ms", delivered.percentileMillis(50), p99),
                        "p99 ≤ 1.5 s", delivered.count() == n && p99 <= TARGET_P99_MS),
                Row.info(section, "notification stored − remind_at, p50 / p99",
                        String.format("%.0f ms / %.0f ms", stored.percentileMillis(50), stored.percentileMillis(99))),
                new Row(section, "notifications stored / delivered of " + n, count + " / " + delivered.count(),
                        String.valueOf(n), count == n && delivered.count() == n));
    }

    private int read(String user, Latencies delivered, Latencies stored) throws SQLException {
        try (Connection c = DriverManager.getConnection(notificationJdbcUrl, dbUser, dbPassword);
             PreparedStatement s = c.prepareStatement("""
                     select extract(epoch from (delivered_at - remind_at)) * 1000,
                            extract(epoch from (created_at - remind_at)) * 1000
                     from notifications where user_id = ?""")) {
            s.setString(1, user);
            int count = 0;
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    count++;
                    double d = rs.getDouble(1);
                    if (!rs.wasNull()) {
                        delivered.record(Math.round(d * 1000));
                    }
                    stored.record(Math.round(rs.getDouble(2) * 1000));
                }
            }
            return count;
        }
    }
}
