package dev.todo.bench;

import dev.todo.localstack.LocalStack;
import dev.todo.localstack.ManagedProcess;
import dev.todo.localstack.ServiceApp;
import dev.todo.localstack.ServiceSpec;
import dev.todo.localstack.Workspace;
import java.io.PrintStream;
import java.time.Duration;
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
    private final List<ManagedProcess> restarted = new ArrayList<>();
    private final Map<String, Long> peakRssKb = new ConcurrentHashMap<>();
    private final Thread sampler;
    private volatile boolean running = true;

    Footprint(List<ManagedProcess> apps) {
        this.apps = new java.util.concurrent.CopyOnWriteArrayList<>(apps);
        this.sampler = new Thread(() -> {
            while (running) {
                for (ManagedProcess app : this.apps) {
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

    /** Start-up as the stack started them: all three JVMs at once, beside Kafka and the sidecars. */
    List<Row> startupTogether() {
        List<Row> rows = new ArrayList<>();
        for (ManagedProcess app : apps) {
            double[] times = startedIn(app.log());
            rows.add(Row.info("start-up and memory", app.name() + " start-up with the whole stack starting at once",
                    String.format("%.1f s (context %.1f s)", times[1], times[0])));
        }
        return rows;
    }

    /**
     * Start-up of each service alone: stopped gracefully and started again exactly as the launcher starts it,
     * while the rest of the stack idles. This is the figure a rolling restart or a scale-up sees.
     */
    List<Row> startupAlone(LocalStack stack, PrintStream out) {
        List<Row> rows = new ArrayList<>();
        for (ServiceSpec service : ServiceSpec.ALL) {
            ManagedProcess old = apps.stream().filter(p -> p.name().equals(service.appId())).findFirst().orElseThrow();
            // Out of the memory sample before it stops: on a build's first run the JVM writes its class-data
            // archive at exit, which briefly takes hundreds of MB that no running service holds.
            apps.remove(old);
            old.stop(Duration.ofSeconds(30));
            ManagedProcess app = ServiceApp.start(ProcessHandle.current().info().command().orElse("java"),
                    Workspace.locate(), stack.runDir(), service, stack.secrets(), stack.environment());
            apps.add(app);
            restarted.add(app);
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            while (startedCount(app.log()) < 2) {
                if (System.nanoTime() > deadline || !app.isAlive()) {
                    throw new IllegalStateException(service.appId() + " did not start again: " + app.logTail(30));
                }
                pause();
            }
            double[] times = lastStartedIn(app.log());
            out.printf("%s alone: started in %.1f s (JVM start → ready)%n", service.appId(), times[1]);
            rows.add(new Row("start-up and memory", service.appId() + " start-up alone (JVM start → ready)",
                    String.format("%.1f s (context %.1f s)", times[1], times[0]), "≤ 5 s",
                    times[1] <= TARGET_START_SECONDS));
        }
        return rows;
    }

    /** Processes this class started; the stack does not know them, so the suite stops them. */
    List<ManagedProcess> restarted() {
        return restarted;
    }

    private static void pause() {
        try {
            Thread.sleep(250); // polling the log for the start-up line
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int startedCount(Path log) {
        try {
            Matcher m = STARTED.matcher(Files.readString(log));
            int n = 0;
            while (m.find()) {
                n++;
            }
            return n;
        } catch (IOException e) {
            return 0;
        }
    }

    static double[] lastStartedIn(Path log) {
        try {
            Matcher m = STARTED.matcher(Files.readString(log));
            double[] last = null;
            while (m.find()) {
                last = new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))};
            }
            if (last == null) {
                throw new IllegalStateException("no start-up line in " + log);
            }
            return last;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + log, e);
        }
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
        for (ManagedProcess app : restarted) {
            app.stop(Duration.ofSeconds(30));
        }
    }
}
