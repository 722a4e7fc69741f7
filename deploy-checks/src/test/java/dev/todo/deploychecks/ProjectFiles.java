package dev.todo.deploychecks;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository root from the module directory Maven runs the tests in. */
final class ProjectFiles {

    private ProjectFiles() {
    }

    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve("helm/todo-app")) && Files.exists(dir.resolve("mvnw"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("repository root (with helm/todo-app and mvnw) not found above "
                + Path.of("").toAbsolutePath());
    }

    static Path resolve(String relative) {
        return root().resolve(relative);
    }
}
