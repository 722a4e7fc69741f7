package dev.todo.deploychecks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Dapr's own source at the version the project pins (root pom dapr-runtime.version): the Go module
 * github.com/dapr/dapr, whose charts/dapr/crds/*.yaml are the CRDs Dapr's Helm chart installs and
 * whose pkg/injector/annotations are the annotations its sidecar injector reads. Nothing is vendored:
 * the module comes from Go's module cache, downloaded through the Go module proxy when missing (Go is
 * a prerequisite of the build: the local stack builds daprd from the same module). DAPR_MODULE_DIR
 * overrides the lookup.
 */
final class DaprModule {

    private static Path dir;

    private DaprModule() {
    }

    static String version() {
        return RootPom.property("dapr-runtime.version");
    }

    static synchronized Path dir() {
        if (dir == null) {
            dir = locate();
        }
        return dir;
    }

    static Path crds() {
        return dir().resolve("charts/dapr/crds");
    }

    static Path injectorAnnotations() {
        return dir().resolve("pkg/injector/annotations/annotations.go");
    }

    private static Path locate() {
        String override = System.getenv("DAPR_MODULE_DIR");
        if (override != null && !override.isBlank()) {
            return checked(Path.of(override), "DAPR_MODULE_DIR");
        }
        String module = "github.com/dapr/dapr@v" + version();
        String modCache = go("env", "GOMODCACHE").trim();
        Path cached = Path.of(modCache, "github.com", "dapr", "dapr@v" + version());
        if (Files.isDirectory(cached.resolve("charts/dapr/crds"))) {
            return cached;
        }
        // Not in the cache yet: download just this module (checked against Go's checksum database).
        JsonNode info;
        try {
            info = new ObjectMapper().readTree(go("mod", "download", "-json", module));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (info.hasNonNull("Error")) {
            throw new AssertionError("go mod download " + module + " failed: " + info.path("Error").asText());
        }
        return checked(Path.of(info.path("Dir").asText()), "go mod download " + module);
    }

    private static Path checked(Path candidate, String source) {
        if (!Files.isDirectory(candidate.resolve("charts/dapr/crds"))) {
            throw new AssertionError(source + " gave " + candidate + ", which has no charts/dapr/crds");
        }
        return candidate;
    }

    /** Runs go outside any module (a temporary directory), so no go.mod or go.sum is touched. */
    private static String go(String... args) {
        List<String> command = new ArrayList<>();
        command.add("go");
        command.addAll(List.of(args));
        try {
            Path work = Files.createTempDirectory("dapr-module");
            Path out = work.resolve("out");
            Path err = work.resolve("err");
            ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().put("GO111MODULE", "on");
            builder.environment().put("GOFLAGS", "-mod=mod");
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new AssertionError("Go is needed to read Dapr " + version() + "'s CRDs and injector annotations "
                        + "(the module github.com/dapr/dapr, as the local stack's Dapr build uses it): " + e.getMessage(), e);
            }
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in 10 minutes");
            }
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            if (process.exitValue() != 0 && !(args[0].equals("mod") && stdout.contains("\"Error\""))) {
                throw new AssertionError(String.join(" ", command) + " failed (exit " + process.exitValue() + "): "
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            return stdout;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
