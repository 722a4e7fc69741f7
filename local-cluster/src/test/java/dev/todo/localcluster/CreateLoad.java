package dev.todo.localcluster;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A steady create load through the front door: a few threads, each pacing its requests, bounded in count and in
 * time (it stops by itself). Every request carries a unique title, so one that failed can later be shown to have
 * left no task and no event behind. Same shape as system-tests' fault CreateLoad, which records only what
 * succeeded; this one keeps every attempt.
 */
final class CreateLoad implements AutoCloseable {

    /** One create request: what was sent, when, and what came back. */
    record Attempt(int seq, String title, Instant sent, Instant answered, int status, long taskId, String error) {

        boolean created() {
            return status == 201 && taskId > 0;
        }

        @Override
        public String toString() {
            return "#" + seq + " '" + title + "' sent " + sent + " answered " + answered + " -> "
                    + (error != null ? error : "HTTP " + status) + (taskId > 0 ? " task " + taskId : "");
        }
    }

    private final FrontDoorUser user;
    private final String titlePrefix;
    private final Duration pacing;
    private final int maxRequests;
    private final Instant deadline;
    private final AtomicInteger sequence = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ConcurrentLinkedQueue<Attempt> attempts = new ConcurrentLinkedQueue<>();
    private final ExecutorService workers;

    /**
     * @param threads     concurrent clients (each has its own connection)
     * @param pacing      pause between two requests of one thread: threads / pacing is the rate
     * @param maxRequests the load stops after this many requests
     * @param maxDuration ... or after this long, whichever comes first
     */
    CreateLoad(FrontDoorUser user, String titlePrefix, int threads, Duration pacing, int maxRequests,
               Duration maxDuration) {
        this.user = user;
        this.titlePrefix = titlePrefix;
        this.pacing = pacing;
        this.maxRequests = maxRequests;
        this.deadline = Instant.now().plus(maxDuration);
        this.workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "create-load");
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < threads; i++) {
            workers.submit(this::work);
        }
    }

    private void work() {
        while (running.get() && Instant.now().isBefore(deadline)) {
            int seq = sequence.incrementAndGet();
            if (seq > maxRequests) {
                return;
            }
            String title = titlePrefix + " #" + seq;
            Instant sent = Instant.now();
            try {
                HttpResponse<String> response = user.call("POST", "/tasks", "application/json",
                        "{\"title\":\"" + title + "\",\"tags\":[\"load\"]}");
                long id = response.statusCode() == 201 ? FrontDoorUser.read(response).path("id").asLong() : 0;
                attempts.add(new Attempt(seq, title, sent, Instant.now(), response.statusCode(), id,
                        response.statusCode() == 201 ? null : "HTTP " + response.statusCode() + " "
                                + Cli.tail(response.body().strip(), 300)));
            } catch (RuntimeException e) {
                attempts.add(new Attempt(seq, title, sent, Instant.now(), 0, 0, e.toString()));
            }
            pause(pacing);
        }
    }

    /** Load shaping only (the rate), never a wait for a result. */
    private static void pause(Duration d) {
        try {
            TimeUnit.MILLISECONDS.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    List<Attempt> attempts() {
        return attempts.stream().sorted(Comparator.comparingInt(Attempt::seq)).toList();
    }

    List<Attempt> failures() {
        return attempts().stream().filter(a -> !a.created()).toList();
    }

    Set<Long> acknowledgedIds() {
        return attempts.stream().filter(Attempt::created).map(Attempt::taskId).collect(Collectors.toSet());
    }

    /** Successful creates answered after {@code instant}. */
    long createdAfter(Instant instant) {
        return attempts.stream().filter(Attempt::created).filter(a -> a.answered().isAfter(instant)).count();
    }

    /** Whether the load is still sending (false once stopped, or at its count or time bound). */
    boolean sending() {
        return running.get() && Instant.now().isBefore(deadline) && sequence.get() < maxRequests;
    }

    void stop() throws InterruptedException {
        running.set(false);
        workers.shutdown();
        if (!workers.awaitTermination(FrontDoor.REQUEST_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS)) {
            workers.shutdownNow();
            throw new IllegalStateException("the create load did not stop");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (!workers.isShutdown()) {
            stop();
        }
    }

    static String list(List<Attempt> attempts) {
        return attempts.stream().map(Attempt::toString).collect(Collectors.joining("\n  ", "  ", ""));
    }
}
