package dev.todo.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.todo.localstack.LocalStack;
import dev.todo.localstack.Ports;
import dev.todo.localstack.Workspace;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The README's run command as a user runs it: {@code java -jar local-stack/target/local-stack.jar}
 * in its own process group, wait for the ready line, then Ctrl-C (SIGINT to the whole process group,
 * as a terminal sends it) and check that the whole process tree is gone and the ports are free. And
 * a program that starts the stack as a library (the benchmark suite, a test run), terminated alone.
 */
class LauncherShutdownIT {

    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");

    private final List<String> output = new CopyOnWriteArrayList<>();
    private Process launcher;
    private Path runDir;
    private List<ProcessHandle> tree = List.of();

    @Test
    void ctrlCStopsEveryProcessOfTheStack() throws Exception {
        Workspace workspace = Workspace.locate();
        Path jar = workspace.root().resolve("local-stack/target/local-stack.jar");
        runDir = workspace.root().resolve("system-tests/target/launcher-run");
        // env --default-signal: undo an inherited "ignore SIGINT" (background jobs get one), which the JVM would
        // otherwise keep.
        startAndAwaitReady(workspace, List.of("env", "--default-signal=INT", JAVA, "-Dlocal-stack.run-dir=" + runDir,
                "-Dlocal-stack.wait-for-other-stack=PT20M", "-jar", jar.toString()));

        new ProcessBuilder("kill", "-INT", "--", "-" + launcher.pid()).inheritIO().start().waitFor(10, TimeUnit.SECONDS);

        assertEverythingStopped();
    }

    @Test
    void terminatingAProgramThatStartedTheStackAsALibraryStopsTheStack() throws Exception {
        Workspace workspace = Workspace.locate();
        runDir = workspace.root().resolve("system-tests/target/library-run");
        startAndAwaitReady(workspace, List.of(JAVA, "-cp", System.getProperty("java.class.path"),
                StackAsLibraryProgram.class.getName(), runDir.toString()));

        // SIGTERM to the program alone, as `kill <pid>` or a supervisor sends it: no process of the stack receives it
        new ProcessBuilder("kill", "-TERM", String.valueOf(launcher.pid())).inheritIO().start().waitFor(10, TimeUnit.SECONDS);

        assertEverythingStopped();
    }

    /** Starts the command in a process group of its own (setsid, like a job in a terminal) and waits for the stack. */
    private void startAndAwaitReady(Workspace workspace, List<String> command) throws IOException {
        List<String> inOwnGroup = new ArrayList<>(List.of("setsid"));
        inOwnGroup.addAll(command);
        launcher = new ProcessBuilder(inOwnGroup)
                .directory(workspace.root().toFile())
                .redirectErrorStream(true)
                .start();
        Thread reader = new Thread(this::collectOutput, "launcher-output");
        reader.setDaemon(true);
        reader.start();

        await().atMost(Duration.ofMinutes(26)).pollInterval(Duration.ofMillis(500)).until(() -> {
            assertThat(launcher.isAlive()).as("launcher exited early:%n%s", String.join("\n", output)).isTrue();
            return output.stream().anyMatch(line -> line.contains(LocalStack.READY_LINE));
        });
        tree = launcher.descendants().toList();
        List<String> commands = tree.stream().map(p -> p.info().command().orElse("?")).toList();
        // The tree really is the stack: 3 daprd, the Scheduler, Kafka, Zipkin and the 3 apps (5 JVMs). PostgreSQL
        // is started through pg_ctl, which detaches it, so it is found by its data directory instead.
        assertThat(commands).filteredOn(c -> c.endsWith("/daprd")).hasSize(3);
        assertThat(commands).filteredOn(c -> c.endsWith("/scheduler")).hasSize(1);
        assertThat(commands).filteredOn(c -> c.endsWith("/java")).hasSize(5);
        assertThat(processesUsing(runDir)).anyMatch(p -> p.info().command().orElse("").endsWith("/postgres"));
    }

    private void assertEverythingStopped() throws InterruptedException {
        assertThat(launcher.waitFor(2, TimeUnit.MINUTES)).as("launcher still running after the signal").isTrue();
        assertThat(output).anyMatch(line -> line.contains("Local stack stopped."));
        assertThat(tree).as("processes of the stack still alive").noneMatch(ProcessHandle::isAlive);
        assertThat(processesUsing(runDir)).as("processes still using " + runDir).isEmpty();
        for (int port : List.of(8080, 8081, 8082, 3500, 3501, 3502, 9092, 9411, 15432, 25006)) {
            assertThat(Ports.isFree(port)).as("port %d free", port).isTrue();
        }
    }

    @AfterEach
    void stopLeftovers() throws Exception {
        // Only if the test failed half-way: never leave the stack running for the next build.
        // SIGTERM to the group runs the shutdown hook (which also stops PostgreSQL).
        if (launcher != null && launcher.isAlive()) {
            new ProcessBuilder("kill", "-TERM", "--", "-" + launcher.pid()).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
            if (!launcher.waitFor(2, TimeUnit.MINUTES)) {
                launcher.descendants().forEach(ProcessHandle::destroyForcibly);
                launcher.destroyForcibly();
            }
        }
        // and what a launcher that exited left running (the failure the library test looks for)
        List<ProcessHandle> left = new ArrayList<>(tree.stream().filter(ProcessHandle::isAlive).toList());
        if (runDir != null) {
            left.addAll(processesUsing(runDir));
        }
        left.forEach(ProcessHandle::destroy);
        for (ProcessHandle process : left) {
            process.onExit().completeOnTimeout(process, 30, TimeUnit.SECONDS).join();
            process.destroyForcibly();
        }
    }

    private void collectOutput() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                output.add(line);
                System.out.println("[launcher] " + line);
            }
        } catch (IOException ended) {
            // the launcher exited
        }
    }

    /** Processes whose command line names the run directory (data dirs, config files, logs). */
    private static List<ProcessHandle> processesUsing(Path runDir) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(runDir.toString())).orElse(false))
                .toList();
    }
}
