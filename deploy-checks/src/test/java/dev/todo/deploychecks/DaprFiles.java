package dev.todo.deploychecks;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The Dapr resources under dapr-components/ (Kubernetes variants at the top, local/ beside them). */
final class DaprFiles {

    static final Path DIR = ProjectFiles.resolve("dapr-components");

    private DaprFiles() {
    }

    static List<JsonNode> kubernetes() {
        return read(DIR);
    }

    static List<JsonNode> local() {
        return read(DIR.resolve("local"));
    }

    static JsonNode one(List<JsonNode> objects, String kind, String name) {
        return objects.stream()
                .filter(o -> kind.equals(o.path("kind").asText()) && name.equals(o.path("metadata").path("name").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(kind + " " + name + " not found"));
    }

    private static List<JsonNode> read(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted()
                    .flatMap(p -> {
                        try {
                            return StrictYaml.documents(Files.readString(p)).stream();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
