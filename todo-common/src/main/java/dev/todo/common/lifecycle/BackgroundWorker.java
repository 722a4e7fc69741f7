package dev.todo.common.lifecycle;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.context.SmartLifecycle;

/**
 * One daemon thread that works while the application runs: started after the web server and the database are up,
 * stopped before them. {@link #stop()} clears {@link #isRunning()} and interrupts the thread, then waits for it up
 * to the given time, so a loop that checks {@code isRunning()} and waits interruptibly ends promptly.
 */
public abstract class BackgroundWorker implements SmartLifecycle {

    private final String threadName;
    private final Duration stopTimeout;
    private final AtomicBoolean running = new AtomicBoolean();
    private Thread thread;

    protected BackgroundWorker(String threadName, Duration stopTimeout) {
        this.threadName = threadName;
        this.stopTimeout = stopTimeout;
    }

    /** Whether this worker runs at all (a setting may switch it off). */
    protected abstract boolean enabled();

    /** The thread's work: loops while {@link #isRunning()}. */
    protected abstract void work();

    /** Runs on the starting thread just before the worker's thread starts. */
    protected void beforeStart() {
    }

    @Override
    public final void start() {
        if (!enabled() || !running.compareAndSet(false, true)) {
            return;
        }
        beforeStart();
        thread = new Thread(this::work, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public final void stop() {
        if (!running.compareAndSet(true, false)) {
            return;
        }
        thread.interrupt();
        try {
            thread.join(stopTimeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public final boolean isRunning() {
        return running.get();
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }
}
