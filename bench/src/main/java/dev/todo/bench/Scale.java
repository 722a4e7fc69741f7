package dev.todo.bench;

import java.time.Duration;
import java.util.List;

/**
 * How big a run is: the published figures use {@link #FULL}; the build's smoke test uses {@link #SMOKE}.
 * {@code completionsBeforeSteady}: how many completions run before the complete → next occurrence latency is measured
 * a second time, on a path the JIT has compiled (see {@link EventLatencyBench}).
 */
record Scale(String name, Duration writeWarmUp, List<Integer> concurrencies, Duration perLevel, int eventRate, Duration eventDuration,
             int completionRate, Duration completionDuration, int completionsBeforeSteady, int reminders, Duration reminderWindow,
             int users, int tasksPerUser, Duration perQuery, int queryConnections) {

    static final Scale FULL = new Scale("full", Duration.ofSeconds(45), List.of(1, 8, 32), Duration.ofSeconds(15), 20, Duration.ofSeconds(30),
            5, Duration.ofSeconds(30), 550, 1000, Duration.ofSeconds(60), 100, 10_000, Duration.ofSeconds(10), 4);

    static final Scale SMOKE = new Scale("smoke", Duration.ofSeconds(2), List.of(2), Duration.ofSeconds(2), 10, Duration.ofSeconds(2),
            2, Duration.ofSeconds(2), 20, 10, Duration.ofSeconds(5), 5, 200, Duration.ofSeconds(1), 2);

    static Scale named(String name) {
        return switch (name) {
            case "full" -> FULL;
            case "smoke" -> SMOKE;
            default -> throw new IllegalArgumentException("scale must be full or smoke: " + name);
        };
    }
}
