package dev.todo.bench;

import dev.todo.localstack.ManagedProcess;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * CPU time spent by each part of the stack between two snapshots, from the kernel's per-process accounting
 * ({@link ProcessHandle.Info#totalCpuDuration()}). It says where the cores go per request: on a two-core
 * machine that, not any one service, bounds the throughput of the whole platform.
 */
final class CpuAccounting {

    /** Bounds the re-reads of {@link #withLiveChildren} while children keep exiting (the last read then counts). */
    static final int MAX_READS = 20;

    private final Supplier<List<ManagedProcess>> stack;

    /** {@code stack}: the stack's processes now (the start-up phase replaces the services' processes). */
    CpuAccounting(Supplier<List<ManagedProcess>> stack) {
        this.stack = stack;
    }

    Snapshot snapshot() {
        List<ManagedProcess> stackProcesses = stack.get();
        Map<String, Duration> byPart = new LinkedHashMap<>();
        for (ManagedProcess process : stackProcesses) {
            byPart.merge(process.name(), cpu(process.handle()), Duration::plus);
        }
        // The embedded PostgreSQL (a postmaster and one backend per connection) is started by pg_ctl and so is
        // not a child of this JVM: find it by its binary. Backends come and go (the JDBC baseline's connections
        // close just before a level's first snapshot): summing the live ones lost an exited backend's time, and
        // once made PostgreSQL's share negative (shown as nothing). The kernel adds a reaped child's time to its
        // parent's, so the postmaster's own and reaped time plus its live children's only grows.
        Duration postgres = ProcessHandle.allProcesses()
                .filter(CpuAccounting::isPostgres)
                .filter(p -> p.parent().map(parent -> !isPostgres(parent)).orElse(true))
                .map(postmaster -> withLiveChildren(() -> ProcStat.withReapedChildren(postmaster.pid()),
                        () -> postmaster.children().map(CpuAccounting::cpu).reduce(Duration.ZERO, Duration::plus)))
                .reduce(Duration.ZERO, Duration::plus);
        // Whatever else descends from this JVM is the load tools.
        Duration loadTools = Duration.ZERO;
        java.util.Set<Long> known = stackProcesses.stream().map(ManagedProcess::pid).collect(Collectors.toSet());
        for (ProcessHandle child : ProcessHandle.current().descendants().toList()) {
            if (!known.contains(child.pid())) {
                loadTools = loadTools.plus(cpu(child));
            }
        }
        byPart.put("postgresql", postgres);
        byPart.put("bench (wrk, this JVM)", loadTools.plus(cpu(ProcessHandle.current())));
        return new Snapshot(byPart);
    }

    /**
     * A parent's own and reaped children's time plus its live children's, read so that no child is missed: one
     * reaped between the two reads would be in neither, and its whole lifetime would then count in the next
     * interval. That happened to the JDBC baseline's backends, which exit just as a level's first snapshot is
     * taken: a level's PostgreSQL share came out two or three times the usual (the eleventh session's results).
     * So the reaped time is read again after the listing, until the listing fell between two equal reads.
     */
    static Duration withLiveChildren(Supplier<Duration> ownAndReaped, Supplier<Duration> liveChildren) {
        Duration reaped = ownAndReaped.get();
        for (int attempt = 1; ; attempt++) {
            Duration live = liveChildren.get();
            Duration reapedAfter = ownAndReaped.get();
            if (reapedAfter.equals(reaped) || attempt == MAX_READS) {
                return reapedAfter.plus(live);
            }
            reaped = reapedAfter;
        }
    }

    private static boolean isPostgres(ProcessHandle process) {
        return process.info().command().map(c -> c.contains("embedded-pg") && c.endsWith("/postgres")).orElse(false);
    }

    private static Duration cpu(ProcessHandle handle) {
        return handle.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    record Snapshot(Map<String, Duration> byPart) {

        /** CPU milliseconds per unit of work of each part since {@code before}, largest first, and the total. */
        String perUnitSince(Snapshot before, long units) {
            Map<String, Double> spent = millisSince(before);
            double perUnit = Math.max(1, units);
            String parts = spent.entrySet().stream()
                    .filter(e -> e.getValue() / perUnit >= 0.05)
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .map(e -> String.format("%s %.2f", e.getKey(), e.getValue() / perUnit))
                    .collect(Collectors.joining(", "));
            return String.format("%.2f ms in all: %s", totalMillisSince(before) / perUnit, parts);
        }

        double totalMillisSince(Snapshot before) {
            return millisSince(before).values().stream().mapToDouble(Double::doubleValue).sum();
        }

        /** CPU milliseconds each part spent since {@code before}, never below zero (a part restarted in between). */
        private Map<String, Double> millisSince(Snapshot before) {
            Map<String, Double> spent = new LinkedHashMap<>();
            byPart.forEach((part, now) -> spent.put(part,
                    Math.max(0, now.minus(before.byPart.getOrDefault(part, Duration.ZERO)).toNanos() / 1e6)));
            return spent;
        }
    }
}
