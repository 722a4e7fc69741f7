package dev.todo.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Processes a previous run left behind when its launcher was killed without a chance to clean up
 * (SIGKILL, a crashed JVM). Every started process is recorded in {@code <run dir>/pids} with its start
 * time; the next start stops those still alive (same pid AND same start time, so a recycled pid is
 * never touched), and the PostgreSQL server of the run directory (pg_ctl detaches it, so it is found
 * through its postmaster.pid).
 */
final class LeftoverProcesses {

    private final Path pidsFile;
    private final Path postmasterPid;

    LeftoverProcesses(Path runDir) {
        this.pidsFile = runDir.resolve("pids");
        this.postmasterPid = runDir.resolve("postgres/postmaster.pid");
    }

    void record(ManagedProcess process) {
        ProcessHandle handle = process.handle();
        String start = handle.info().startInstant().map(Instant::toString).orElse("?");
        try {
            Files.writeString(pidsFile, handle.pid() + " " + start + " " + process.name() + System.lineSeparator(),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new StackStartupException("launcher", "cannot write " + pidsFile + ": " + e.getMessage(), e);
        }
    }

    void stopAll(PrintStream out) {
        try {
            if (Files.exists(pidsFile)) {
                for (String line : Files.readAllLines(pidsFile)) {
                    String[] fields = line.split(" ", 3);
                    if (fields.length == 3) {
                        stopIfSame(Long.parseLong(fields[0]), fields[1], fields[2], out);
                    }
                }
            }
            if (Files.exists(postmasterPid)) {
                List<String> lines = Files.readAllLines(postmasterPid);
                Optional<ProcessHandle> postmaster = lines.isEmpty() ? Optional.empty() : ProcessHandle.of(Long.parseLong(lines.get(0).trim()));
                postmaster.filter(p -> p.info().command().orElse("").endsWith("/postgres")).ifPresent(p -> stop(p, "postgresql", out));
            }
        } catch (IOException | RuntimeException e) {
            out.println("  could not check for leftovers of a previous run: " + e.getMessage());
        }
    }

    private static void stopIfSame(long pid, String start, String name, PrintStream out) {
        ProcessHandle.of(pid)
                .filter(p -> p.info().startInstant().map(Instant::toString).orElse("").equals(start))
                .ifPresent(p -> stop(p, name, out));
    }

    private static void stop(ProcessHandle process, String name, PrintStream out) {
        out.println("  stopping " + name + " (pid " + process.pid() + ") left running by a previous run");
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            process.onExit().get(Duration.ofSeconds(15).toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception stillAlive) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
