package dev.todo.systemtests.fault;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Creates tasks from a few threads, closed loop, until stopped; keeps what the API acknowledged and what failed. */
final class CreateLoad implements AutoCloseable {

    final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
    final AtomicInteger failed = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ExecutorService workers;

    CreateLoad(FaultUser user, int threads, String title) {
        workers = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            workers.submit(() -> {
                while (running.get()) {
                    try {
                        acknowledged.add(user.createTask("{\"title\":\"" + title + "\",\"tags\":[\"fault\"]}"));
                    } catch (RuntimeException e) {
                        failed.incrementAndGet();
                        pause();
                    }
                }
            });
        }
    }

    /** A refused connection fails in microseconds: do not spin while the service is down. */
    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(50);
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
