package dev.todo.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Deleting directory trees (run directories, caches, workspace copies); symbolic links go as links. */
public final class Directories {

    private Directories() {
    }

    /** Deletes {@code dir} and everything below it, if it exists. */
    public static void delete(Path dir) throws IOException {
        deleteBelow(dir, true);
    }

    /** Deletes everything below {@code dir}, keeping {@code dir} itself. */
    public static void empty(Path dir) throws IOException {
        deleteBelow(dir, false);
    }

    private static void deleteBelow(Path dir, boolean includingDir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                if (includingDir || !p.equals(dir)) {
                    Files.delete(p);
                }
            }
        }
    }
}
