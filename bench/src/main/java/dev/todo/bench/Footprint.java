package dev.todo.bench;

import dev.todo.localstack.ManagedProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Each service's start-up time (Spring Boot's own "process running for", i.e. JVM start to application ready,
 * read from the service log) and resident memory (VmRSS from /proc, sampled every 500 ms during the whole run).
 */
final class Footprint implements AutoCloseable {

    static final double TARGET_START_SECONDS = 5;
    static final long TARGET_RSS_MB = 300;
    private static final Pattern STARTED = Pattern.compile(
            "Started \\S+ in ([0-9.]+) seconds \\(process running for ([0-9.]+)\\)");

    private final List<ManagedProcess> apps;
    private final Map<String, Long> peakRssKb = new ConcurrentHashMap<>();
    private final Thread sampler;
    private volatile boolean running = true;

    Footprint(List<ManagedProcess> apps) {
        this.apps = apps;
        this.sampler = new Thread(() -> {
            while (running) {
                for (ManagedProcess app : apps) {
                    long rss = rssKb(app.pid());
                    peakRssKb.merge(app.name(), rss, Math::max);
                }
                try {
                    Thread.sleep(500); // sampling period
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-rss-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    List<Row> startup() {
        List<Row> rows = new ArrayList<>();
        for (ManagedProcess app : apps) {
            double[] times = startedIn(app.log());
            rows.add(new Row("start-up and memory", app.name() + " start-up (JVM start → ready; Spring's own figure)",
                    String.format("%.1f s (context %.1f s)", times[1], times[0]), "≤ 5 s",
                    times[1] <= TARGET_START_SECONDS));
        }
        return rows;
    }

    List<Row> memory() {
        List<Row> rows = new ArrayList<>();
        for (ManagedProcess app : apps) {
            long peakMb = peakRssKb.getOrDefault(app.name(), 0L) / 1024;
            long nowMb = rssKb(app.pid()) / 1024;
            rows.add(new Row("start-up and memory", app.name() + " peak RSS during the run (now)",
                    peakMb + " MB (" + nowMb + " MB)", "≤ 300 MB", peakMb <= TARGET_RSS_MB));
        }
        return rows;
    }

    static double[] startedIn(Path log) {
        try {
            Matcher m = STARTED.matcher(Files.readString(log));
            if (!m.find()) {
                throw new IllegalStateException("no start-up line in " + log);
            }
            return new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))};
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + log, e);
        }
    }

    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            return 0;
        } catch (IOException e) {
            return 0; // the process has gone; its peak is already recorded
        }
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
