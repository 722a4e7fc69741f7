package dev.todo.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A frozen copy of what the local stack runs (service jars, Kafka's class path, the Zipkin server jar), so that a
 * build in the shared checkout during a long run cannot swap a jar under a running service. The stack is pointed at it with
 * {@code todo.platform.home}; Dapr components and the Dapr build script are linked, not copied (read-only).
 */
final class WorkspaceSnapshot {

    private static final List<String> SERVICES = List.of("todo-api", "notification-service", "recurring-service");

    private WorkspaceSnapshot() {
    }

    static Path create(Path checkout, Path target) {
        try {
            String version = projectVersion();
            dev.todo.localstack.Directories.delete(target);
            Files.createDirectories(target.resolve("local-stack/target"));
            Files.copy(checkout.resolve("local-stack/pom.xml"), target.resolve("local-stack/pom.xml"));
            Files.createSymbolicLink(target.resolve("local-stack/dapr-build"), checkout.resolve("local-stack/dapr-build"));
            Files.createSymbolicLink(target.resolve("dapr-components"), checkout.resolve("dapr-components"));
            copyTree(checkout.resolve("local-stack/target/lib"), target.resolve("local-stack/target/lib"));
            copyTree(checkout.resolve("local-stack/target/zipkin"), target.resolve("local-stack/target/zipkin"));
            for (String service : SERVICES) {
                String jar = service + "-" + version + ".jar";
                Path source = checkout.resolve(service).resolve("target").resolve(jar);
                if (!Files.isRegularFile(source)) {
                    throw new IllegalStateException("missing " + source + ": build with bench/run.sh");
                }
                Files.createDirectories(target.resolve(service).resolve("target"));
                Files.copy(source, target.resolve(service).resolve("target").resolve(jar));
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot snapshot the workspace into " + target, e);
        }
    }

    /** The checkout above the working directory (the same rule as the launcher's). */
    static Path checkout() {
        for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("local-stack/pom.xml")) && Files.isDirectory(dir.resolve("dapr-components"))) {
                return dir;
            }
        }
        throw new IllegalStateException("run from inside the todo-platform checkout");
    }

    private static String projectVersion() throws IOException {
        try (InputStream in = WorkspaceSnapshot.class.getResourceAsStream("/local-stack.properties")) {
            Properties props = new Properties();
            props.load(in);
            return props.getProperty("project.version");
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
