package dev.todo.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 12: a service's JVM fits its container. The chart sizes the heap as a share of the memory limit
 * (JAVA_TOOL_OPTIONS), the image (Jib's jvmFlags in the root pom) caps what lives outside it; heap, caps and the
 * JVM's own native memory together stay under the limit, so the pod is never OOM-killed for memory the JVM was
 * allowed to take (MaxRAMPercentage=70 of 768Mi was 537 MB of heap plus ~220 MB outside it).
 */
class JvmMemoryBudgetTest {

    /**
     * What the caps leave out: thread stacks, GC and compiler arenas, symbols, the JVM's code (NativeMemoryTracking
     * of todo-api under the benchmark: about 10 + 15 + 26 + 15 MB).
     */
    static final long JVM_NATIVE_BYTES = 96L << 20;
    /** Twice the largest live set measured (todo-api, about 50 MB after a full GC under the benchmark). */
    static final long MIN_HEAP_BYTES = 100L << 20;

    static Stream<ChartScenario> scenarios() {
        return ChartScenario.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void heapAndTheCapsOutsideItFitEveryServicesMemoryLimit(ChartScenario scenario) throws Exception {
        RenderedChart chart = RenderedChart.render(scenario.valuesFile(), scenario.sets());
        List<String> imageFlags = jibJvmFlags();
        long capped = bytes(flag(imageFlags, "-XX:MaxMetaspaceSize=")) + bytes(flag(imageFlags, "-XX:ReservedCodeCacheSize="))
                + bytes(flag(imageFlags, "-XX:MaxDirectMemorySize="));
        int services = 0;
        for (var object : chart.ofKind("Deployment")) {
            Deployment deployment = (Deployment) KubernetesModel.strict(object);
            for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                String options = container.getEnv().stream().filter(e -> e.getName().equals("JAVA_TOOL_OPTIONS"))
                        .map(EnvVar::getValue).findFirst().orElse(null);
                if (options == null) {
                    continue;
                }
                services++;
                String what = deployment.getMetadata().getName() + " " + container.getName();
                long limit = Quantity.getAmountInBytes(container.getResources().getLimits().get("memory")).longValue();
                double percentage = Double.parseDouble(flag(List.of(options.split("\\s+")), "-XX:MaxRAMPercentage="));
                long heap = (long) (limit * percentage / 100);
                assertThat(heap).as("%s heap (%s%% of %d MiB)", what, percentage, limit >> 20)
                        .isGreaterThanOrEqualTo(MIN_HEAP_BYTES);
                assertThat(heap + capped + JVM_NATIVE_BYTES)
                        .as("%s: heap %d MiB + metaspace, code cache and direct caps %d MiB + JVM native %d MiB "
                                + "within the limit of %d MiB", what, heap >> 20, capped >> 20, JVM_NATIVE_BYTES >> 20,
                                limit >> 20)
                        .isLessThanOrEqualTo(limit);
                assertThat(options).as("%s: an OutOfMemoryError ends the process (Kubernetes restarts it)", what)
                        .contains("-XX:+ExitOnOutOfMemoryError");
            }
        }
        assertThat(services).as("services with JAVA_TOOL_OPTIONS").isEqualTo(3);
    }

    /** The JVM flags every service image starts with. */
    static List<String> jibJvmFlags() {
        try {
            String pom = Files.readString(ProjectFiles.resolve("pom.xml"));
            Matcher m = Pattern.compile("<jvmFlag>([^<]+)</jvmFlag>").matcher(pom);
            List<String> flags = new ArrayList<>();
            while (m.find()) {
                flags.add(m.group(1).trim());
            }
            return flags;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String flag(List<String> flags, String prefix) {
        return flags.stream().filter(f -> f.startsWith(prefix)).map(f -> f.substring(prefix.length())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + prefix + " in " + flags));
    }

    /** A JVM size such as 64m or 1g. */
    static long bytes(String size) {
        char unit = Character.toLowerCase(size.charAt(size.length() - 1));
        long number = Long.parseLong(Character.isDigit(unit) ? size : size.substring(0, size.length() - 1));
        return switch (unit) {
            case 'k' -> number << 10;
            case 'm' -> number << 20;
            case 'g' -> number << 30;
            default -> number;
        };
    }
}
