package dev.todo.localstack;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Polls a readiness check until it holds, printing what it waits for and a progress line every
 * few seconds. Fails fast, with the log tail, when the process being waited for has died.
 */
final class Waits {

    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

    private final PrintStream out;

    Waits(PrintStream out) {
        this.out = out;
    }

    void until(String component, String what, Duration timeout, ManagedProcess process, String hint, BooleanSupplier ready) {
        until(component, what, timeout, process == null ? List.of() : List.of(process), hint, ready);
    }

    /** Waits for {@code ready}; fails at once when any of {@code watched} (e.g. an app and its sidecar) has died. */
    void until(String component, String what, Duration timeout, List<ManagedProcess> watched, String hint,
               BooleanSupplier ready) {
        out.printf("  waiting for %s: %s%n", component, what);
        long start = System.nanoTime();
        long nextProgress = start + PROGRESS_EVERY.toNanos();
        while (true) {
            if (safe(ready)) {
                out.printf("  %s is up (%.1fs)%n", component, (System.nanoTime() - start) / 1e9);
                return;
            }
            for (ManagedProcess process : watched) {
                if (!process.isAlive()) {
                    throw failure(process.name(), "exited before " + component + " was ready (" + what + ")", process, hint);
                }
            }
            long now = System.nanoTime();
            if (now - start > timeout.toNanos()) {
                throw failure(component, "not ready after " + timeout.toSeconds() + "s (" + what + ")",
                        watched.isEmpty() ? null : watched.get(0), hint);
            }
            if (now > nextProgress) {
                out.printf("  ... still waiting for %s (%ds)%n", component, Duration.ofNanos(now - start).toSeconds());
                nextProgress = now + PROGRESS_EVERY.toNanos();
            }
            pause();
        }
    }

    private static boolean safe(BooleanSupplier ready) {
        try {
            return ready.getAsBoolean();
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    static StackStartupException failure(String component, String problem, ManagedProcess process, String hint) {
        StringBuilder message = new StringBuilder(problem);
        if (process != null) {
            message.append(System.lineSeparator()).append("--- last lines of ").append(process.log()).append(" ---")
                    .append(System.lineSeparator()).append(process.logTail(30));
        }
        message.append(System.lineSeparator()).append("what to do: ").append(hint);
        return new StackStartupException(component, message.toString());
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackStartupException("launcher", "interrupted while waiting");
        }
    }
}
