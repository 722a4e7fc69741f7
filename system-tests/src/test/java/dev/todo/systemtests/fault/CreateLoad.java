package dev.todo.systemtests.fault;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** Creates tasks from a few threads, closed loop, until stopped; keeps what the API acknowledged and what failed. */
final class CreateLoad implements AutoCloseable {

    final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
    final AtomicInteger failed = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ExecutorService workers;

    /**
     * {@code pacingMillis} between two creates of one thread bounds the rate (0: as fast as todo-api answers), so
     * a long outage does not leave a backlog that slows every later end-to-end test on the shared stack.
     */
    CreateLoad(FaultUser user, int threads, long pacingMillis, String title) {
        this(user, threads, pacingMillis, () -> "{\"title\":\"" + title + "\",\"tags\":[\"fault\"]}");
    }

    /** Creates tasks with the bodies {@code body} supplies (e.g. each with a reminder). */
    CreateLoad(FaultUser user, int threads, long pacingMillis, Supplier<String> body) {
        workers = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            workers.submit(() -> {
                while (running.get()) {
                    try {
                        acknowledged.add(user.createTask(body.get()));
                        pace(pacingMillis);
                    } catch (RuntimeException e) {
                        failed.incrementAndGet();
                        pace(50);
                    }
                }
            });
        }
    }

    /** Load pacing (and no spinning on a refused connection, which fails in microseconds while a service is down). */
    private static void pace(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void stop() throws InterruptedException {
        running.set(false);
        workers.shutdown();
        if (!workers.awaitTermination(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("create load did not stop");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (running.get()) {
            stop();
        }
    }
}
