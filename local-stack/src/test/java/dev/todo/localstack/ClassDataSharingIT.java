package dev.todo.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Class-data sharing on a real service jar (recurring-service: it starts without a database): the first run
 * writes the archive at exit, the next maps it (checked with -Xshare:on, which refuses to start otherwise), a
 * killed training run leaves nothing behind, and a new build replaces the old build's directory.
 */
class ClassDataSharingIT {

    private static final String MODULE = "recurring-service";

    @TempDir
    Path cache;

    @Test
    void firstRunWritesTheArchiveAndTheNextStartMapsIt() throws Exception {
        Path jar = Workspace.locate().serviceJar(MODULE);
        Path stale = Files.createDirectories(cache.resolve(MODULE + "-0000000000000000-java17/app"));

        ClassDataSharing training = ClassDataSharing.prepare(java(), MODULE, jar, cache);

        assertThat(training.jar()).isRegularFile().hasFileName(jar.getFileName().toString());
        assertThat(stale.getParent()).as("the previous build's directory").doesNotExist();
        assertThat(training.jvmOptions()).singleElement().asString().startsWith("-XX:ArchiveClassesAtExit=");
        int exit = runUntilRefreshed(training.jar(), training.jvmOptions());
        training.afterExit(exit);
        assertThat(exit).isZero();
        assertThat(training.archive()).isRegularFile();

        ClassDataSharing next = ClassDataSharing.prepare(java(), MODULE, jar, cache);

        assertThat(next.jvmOptions()).containsExactly("-XX:SharedArchiveFile=" + training.archive());
        List<String> mapped = new ArrayList<>(next.jvmOptions());
        mapped.add("-Xshare:on");
        assertThat(runUntilRefreshed(next.jar(), mapped)).as("start with the archive mapped, or fail").isZero();
        try (var files = Files.list(training.archive().getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("app", "app.jsa");
        }
    }

    @Test
    void aTrainingRunKilledWhileWritingLeavesNoArchive() throws Exception {
        ClassDataSharing training = ClassDataSharing.prepare(java(), MODULE, Workspace.locate().serviceJar(MODULE), cache);
        String option = training.jvmOptions().get(0);
        Path halfWritten = Path.of(option.substring(option.indexOf('=') + 1));
        Files.writeString(halfWritten, "half an archive");

        training.afterExit(137);

        assertThat(halfWritten).doesNotExist();
        assertThat(training.archive()).doesNotExist();
    }

    private static int runUntilRefreshed(Path jar, List<String> jvmOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx256m", "-XX:+UseSerialGC"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-Dspring.context.exit=onRefresh", "-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(java.util.Map.of(
                "SERVER_PORT", "0",
                "SERVER_ADDRESS", "127.0.0.1",
                "BETTER_AUTH_SECRET", "a-test-secret-of-at-least-thirty-two-bytes",
                "APP_API_TOKEN", "app-token",
                "DAPR_API_TOKEN", "dapr-token"));
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        if (process.exitValue() != 0) {
            System.out.write(output);
        }
        return process.exitValue();
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
