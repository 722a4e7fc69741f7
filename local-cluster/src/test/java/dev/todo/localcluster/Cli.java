package dev.todo.localcluster;

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
 * Runs an operator's command line tool (kubectl, helm, java -jar) with the cluster's KUBECONFIG, bounded in time;
 * output goes to files first, so a chatty tool never blocks on a full pipe.
 */
final class Cli {

    /** What a finished command left: exit code and both streams. */
    record Result(List<String> command, int exitCode, String stdout, String stderr, Duration took) {

        boolean ok() {
            return exitCode == 0;
        }

        /** For failure messages: the command, its exit code and its output. */
        String describe() {
            return "$ " + String.join(" ", command) + "\nexit code " + exitCode + " after " + took.toSeconds() + " s"
                    + "\n--- stdout ---\n" + tail(stdout, 12_000) + "\n--- stderr ---\n" + tail(stderr, 12_000);
        }
    }

    private Cli() {
    }

    static Result run(Duration timeout, Map<String, String> env, List<String> command) {
        return run(timeout, env, command, null);
    }

    /** Runs {@code command}, feeding {@code stdin} (may be null), and waits at most {@code timeout}. */
    static Result run(Duration timeout, Map<String, String> env, List<String> command, String stdin) {
        Path dir;
        try {
            dir = Files.createTempDirectory("cli-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        Path in = dir.resolve("stdin");
        long start = System.nanoTime();
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(env);
            if (stdin != null) {
                Files.writeString(in, stdin, StandardCharsets.UTF_8);
                builder.redirectInput(in.toFile());
            } else {
                builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            }
            Process process = builder.start();
            boolean finished;
            try {
                finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while running " + command, e);
            }
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.onExit().join();
            }
            Result result = new Result(List.copyOf(command), finished ? process.exitValue() : -1,
                    Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8),
                    Duration.ofNanos(System.nanoTime() - start));
            if (!finished) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s:\n" + result.describe());
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } finally {
            for (Path p : new Path[] {out, err, in, dir}) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    /** kubectl with the cluster's kubeconfig. */
    static Result kubectl(ClusterState state, Duration timeout, String stdin, String... args) {
        List<String> command = new ArrayList<>();
        command.add(state.kubectl());
        command.addAll(List.of(args));
        return run(timeout, state.toolEnvironment(), command, stdin);
    }

    /** helm with the cluster's kubeconfig. */
    static Result helm(ClusterState state, Duration timeout, String... args) {
        List<String> command = new ArrayList<>();
        command.add(state.helm());
        command.addAll(List.of(args));
        return run(timeout, state.toolEnvironment(), command, null);
    }

    static String tail(String text, int max) {
        return text.length() <= max ? text : "... (" + (text.length() - max) + " characters before) ...\n"
                + text.substring(text.length() - max);
    }
}
