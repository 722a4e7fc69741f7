package dev.todo.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One child process of the stack with its own log file. Stopping it stops its whole process tree:
 * SIGTERM first (daprd, Kafka and Spring Boot all shut down cleanly on it), then SIGKILL for
 * whatever is still alive after the grace period.
 */
public final class ManagedProcess {

    private final String name;
    private final Process process;
    private final Path log;
    private volatile java.util.function.IntConsumer exitHook;

    private ManagedProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    public static ManagedProcess start(String name, List<String> command, Map<String, String> env, Path workDir, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
        builder.environment().putAll(env);
        try {
            Files.createDirectories(log.getParent());
            return new ManagedProcess(name, builder.start(), log);
        } catch (IOException e) {
            throw new StackStartupException(name, "cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File("/dev/null");
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for a short-lived process (a tool run) to exit; false if it is still running. */
    public boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public int exitCode() {
        return process.exitValue();
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    /**
     * Runs {@code hook} with the exit code once the process has ended: within {@link #stop} when the stack stops
     * it (so the launcher never exits before the hook ran), or as soon as it dies on its own or is killed.
     */
    public ManagedProcess afterExit(java.util.function.IntConsumer hook) {
        this.exitHook = hook;
        process.onExit().thenAccept(ended -> hook.accept(ended.exitValue()));
        return this;
    }

    /** The last lines of the process's log, for failure messages. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log " + log + " unreadable: " + e.getMessage() + ")";
        }
    }

    /** Stops the process and every descendant; returns once all of them are gone. */
    public void stop(Duration grace) {
        // Snapshot the tree first: once the parent dies its children are re-parented and no
        // longer show up as its descendants.
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle handle : tree) {
            long left = Math.max(0, deadline - System.nanoTime());
            try {
                handle.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (Exception notYet) {
                handle.destroyForcibly();
            }
        }
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(name + ": process " + handle.pid() + " survived SIGKILL", e);
            }
        }
        java.util.function.IntConsumer hook = exitHook;
        if (hook != null) {
            hook.accept(process.exitValue());
        }
    }
}
