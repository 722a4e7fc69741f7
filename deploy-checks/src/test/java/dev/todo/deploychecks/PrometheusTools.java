package dev.todo.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * promtool, promql-metrics and monitoring-objects at the versions pinned in deploy-checks/prometheus-tools/go.mod.
 * Always goes through prometheus-tools/build.sh, which answers at once from its cache (outside the work
 * tree) and builds from the Go module proxy only on first use, printing its progress; the same way the
 * local stack gets daprd.
 */
final class PrometheusTools {

    static final Path BUILD_SCRIPT = ProjectFiles.resolve("deploy-checks/prometheus-tools/build.sh");
    private static Path cacheDir;

    private PrometheusTools() {
    }

    static synchronized Path dir() {
        if (cacheDir == null) {
            Result build = run(List.of("bash", BUILD_SCRIPT.toString()), null, null, 3600, true);
            assertThat(build.exit()).as("bash %s failed (needs Go and the Go module proxy on first use):%n%s",
                    BUILD_SCRIPT, build.stderr()).isZero();
            List<String> lines = build.stdout().lines().toList();
            cacheDir = Path.of(lines.get(lines.size() - 1).trim());
        }
        return cacheDir;
    }

    static Result promtool(Path workDir, String... args) {
        List<String> command = new ArrayList<>(List.of(dir().resolve("promtool").toString()));
        command.addAll(List.of(args));
        return run(command, workDir, null);
    }

    /** One PromQL expression per line in, "N<TAB>metric names" per line out; exit 1 on a parse error. */
    static Result promqlMetrics(List<String> expressions) {
        return run(List.of(dir().resolve("promql-metrics").toString()), null, String.join("\n", expressions) + "\n");
    }

    /** One JSON document per line in; strict decoding into the Prometheus Operator's types, exit 1 on a bad field. */
    static Result monitoringObjects(List<String> jsonDocuments) {
        return run(List.of(dir().resolve("monitoring-objects").toString()), null,
                String.join("\n", jsonDocuments) + "\n");
    }

    record Result(int exit, String stdout, String stderr) {
        String output() {
            return stdout + stderr;
        }
    }

    private static Result run(List<String> command, Path workDir, String stdin) {
        return run(command, workDir, stdin, 120, false);
    }

    private static Result run(List<String> command, Path workDir, String stdin, long timeoutSeconds, boolean echoStderr) {
        ProcessBuilder builder = new ProcessBuilder(command);
        if (workDir != null) {
            builder.directory(workDir.toFile());
        }
        try {
            Process process = builder.start();
            StringBuilder stderr = new StringBuilder();
            // The build's progress (stderr) is shown as it happens: the first build takes minutes.
            Thread errors = new Thread(() -> copy(process.getErrorStream(), stderr, echoStderr), "prometheus-tools-stderr");
            errors.setDaemon(true);
            errors.start();
            if (stdin != null) {
                process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            process.getOutputStream().close();
            String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish in " + timeoutSeconds + " s");
            }
            errors.join();
            return new Result(process.exitValue(), stdout, stderr.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static void copy(InputStream in, StringBuilder into, boolean echo) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                into.append(line).append('\n');
                if (echo) {
                    System.err.println(line);
                }
            }
        } catch (IOException ignored) {
            // the process ended; its exit code reports failures
        }
    }

    static Path copyInto(Path dir, Path file) throws IOException {
        return Files.copy(file, dir.resolve(file.getFileName()));
    }
}
