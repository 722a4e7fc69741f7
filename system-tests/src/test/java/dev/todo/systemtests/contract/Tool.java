package dev.todo.systemtests.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs an external tool of the contract tests (a script, Schemathesis, node) with its output kept in a log. */
record Tool(Path workingDir, Map<String, String> environment) {

    record Result(int exitCode, String output) {
        /** The last line, where the install scripts print what they installed. */
        String lastLine() {
            List<String> lines = output.strip().lines().toList();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
        }
    }

    Result run(List<String> command, Path log, Duration timeout) {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
                throw new AssertionError(command.get(0) + " did not finish within " + timeout + "; see " + log);
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs an install script, which prints the installed path on its last line. */
    Path install(Path script, Path log) {
        Result result = run(List.of("bash", script.toString()), log, Duration.ofMinutes(10));
        if (result.exitCode() != 0) {
            throw new AssertionError(script + " failed (exit " + result.exitCode() + "):\n" + result.output());
        }
        return Path.of(result.lastLine());
    }
}
