package dev.todo.localstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * daprd and the Scheduler at the pinned version. Always goes through local-stack/dapr-build/build.sh,
 * which answers at once from its cache (outside the work tree) and builds from Dapr's Go modules
 * only when the version is not cached yet, printing its progress.
 */
public record DaprBinaries(Path daprd, Path scheduler) {

    public static DaprBinaries ensure(Workspace workspace, PrintStream out) {
        Path script = workspace.daprBuildScript();
        out.println("  Dapr " + workspace.daprVersion() + ": " + script + " (builds on first use, then cached)");
        ProcessBuilder builder = new ProcessBuilder(List.of("bash", script.toString()))
                .directory(script.getParent().toFile())
                .redirectErrorStream(false);
        try {
            Process process = builder.start();
            // The script's progress (stderr) is passed through; its last stdout line is the cache dir.
            Thread progress = new Thread(() -> copyLines(process.getErrorStream(), out), "dapr-build-progress");
            progress.setDaemon(true);
            progress.start();
            String cacheDir = null;
            try (BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = stdout.readLine()) != null; ) {
                    cacheDir = line.trim();
                }
            }
            int exit = process.waitFor();
            progress.join();
            if (exit != 0 || cacheDir == null) {
                throw new StackStartupException("dapr-build", "building Dapr failed (exit " + exit + ")"
                        + System.lineSeparator() + "what to do: run bash " + script + " and read its output (needs Go "
                        + "and access to the Go module proxy on first use)");
            }
            DaprBinaries binaries = new DaprBinaries(Path.of(cacheDir, "daprd"), Path.of(cacheDir, "scheduler"));
            if (!Files.isExecutable(binaries.daprd()) || !Files.isExecutable(binaries.scheduler())) {
                throw new StackStartupException("dapr-build", "no executable daprd/scheduler in " + cacheDir);
            }
            return binaries;
        } catch (IOException e) {
            throw new StackStartupException("dapr-build", "cannot run " + script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackStartupException("dapr-build", "interrupted");
        }
    }

    private static void copyLines(java.io.InputStream in, PrintStream out) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                out.println("    " + line);
            }
        } catch (IOException ignored) {
            // the script ended; its exit code reports failures
        }
    }
}
