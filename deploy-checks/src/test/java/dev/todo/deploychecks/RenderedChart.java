package dev.todo.deploychecks;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** The chart rendered by real Helm (helm-java's embedded Helm library), split into its objects. */
record RenderedChart(String yaml, List<JsonNode> objects) {

    static final String RELEASE = "todo-app";
    static final String NAMESPACE = "todo";
    static final Path CHART = ProjectFiles.resolve("helm/todo-app");

    /** Renders with an optional values file (relative to the chart) and --set overrides. */
    static RenderedChart render(String valuesFile, Map<String, Object> sets) {
        return render(CHART, valuesFile, sets);
    }

    /**
     * Renders including the `helm test` hook Pods. `helm template` leaves hooks out, so the chart is
     * copied and the hook annotation removed from templates/tests; the objects are otherwise as
     * Helm renders them.
     */
    static RenderedChart renderWithTestHooks(String valuesFile, Map<String, Object> sets) {
        try {
            Path copy = Files.createTempDirectory("todo-app-chart");
            try (Stream<Path> files = Files.walk(CHART)) {
                for (Path source : files.toList()) {
                    Path target = copy.resolve(CHART.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else if (source.startsWith(CHART.resolve("templates/tests"))) {
                        Files.writeString(target, Files.readString(source).replace("helm.sh/hook: test", "todo.dev/was-hook: test"));
                    } else {
                        Files.copy(source, target);
                    }
                }
            }
            return render(copy, valuesFile == null ? null : CHART.resolve(valuesFile).toString(), sets);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RenderedChart render(Path chart, String valuesFile, Map<String, Object> sets) {
        TemplateCommand template = new Helm(chart).template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion("1.31.0");
        if (valuesFile != null) {
            template = template.withValuesFile(chart.resolve(valuesFile));
        }
        for (Map.Entry<String, Object> set : sets.entrySet()) {
            template = template.set(set.getKey(), set.getValue());
        }
        String yaml = template.call();
        return new RenderedChart(yaml, StrictYaml.documents(yaml));
    }

    List<JsonNode> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    List<JsonNode> matching(Predicate<JsonNode> filter) {
        return objects.stream().filter(filter).toList();
    }

    JsonNode named(String kind, String name) {
        return ofKind(kind).stream()
                .filter(o -> name.equals(o.path("metadata").path("name").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(kind + " " + name + " not rendered; rendered: "
                        + objects.stream().map(o -> o.path("kind").asText() + "/"
                                + o.path("metadata").path("name").asText()).toList()));
    }
}
