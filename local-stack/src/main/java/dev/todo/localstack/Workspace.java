package dev.todo.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where things are in the repository checkout the stack runs from: the Dapr resource files, the
 * Dapr build script, the service jars and the Kafka class path. The root is found by walking up
 * from the working directory (so it works from the root, a module directory, or Failsafe), or is
 * given with {@code -Dtodo.platform.home} / {@code TODO_PLATFORM_HOME}.
 */
public record Workspace(Path root, String projectVersion, String daprVersion) {

    public static Workspace locate() {
        Properties versions = loadVersions();
        String explicit = System.getProperty("todo.platform.home", System.getenv("TODO_PLATFORM_HOME"));
        Path start = Path.of(explicit != null ? explicit : System.getProperty("user.dir")).toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("local-stack/pom.xml")) && Files.isDirectory(dir.resolve("dapr-components/local"))) {
                return new Workspace(dir, versions.getProperty("project.version"), versions.getProperty("dapr-runtime.version"));
            }
        }
        throw new IllegalStateException("cannot find the todo-platform checkout above " + start
                + "; run from inside it or set TODO_PLATFORM_HOME");
    }

    private static Properties loadVersions() {
        try (InputStream in = Workspace.class.getResourceAsStream("/local-stack.properties")) {
            Properties props = new Properties();
            props.load(in);
            return props;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path daprResources() {
        return root.resolve("dapr-components/local");
    }

    public Path daprConfig() {
        return daprResources().resolve("config.yaml");
    }

    public Path daprBuildScript() {
        return root.resolve("local-stack/dapr-build/build.sh");
    }

    /** The Kafka broker's class path: the launcher's runtime libraries, copied at package time. */
    public Path kafkaLibs() {
        return root.resolve("local-stack/target/lib");
    }

    /** Zipkin's server exec jar, copied from Maven Central at package time. */
    public Path zipkinServerJar() {
        return root.resolve("local-stack/target/zipkin/zipkin-server.jar");
    }

    /** The Spring Boot fat jar of a service module, as {@code ./mvnw package} names it. */
    public Path serviceJar(String module) {
        return root.resolve(module).resolve("target").resolve(module + "-" + projectVersion + ".jar");
    }

    public Path defaultRunDir() {
        return root.resolve(".local-stack");
    }
}
