package dev.todo.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ServiceJvmOptionsTest {

    private static final Path RUN_DIR = Path.of("/tmp/run");

    @Test
    void aServiceRunsWithABoundedHeapAndBoundedAreasOutsideIt() {
        List<String> options = ServiceJvmOptions.of(ServiceSpec.TODO_API, RUN_DIR, Map.of(), true);

        assertThat(options).contains("-Xms64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-XX:TrimNativeHeapInterval=5000",
                "-Xlog:all=warning:file=/tmp/run/logs/todo-api.jvm.log:uptime,level,tags");
        assertThat(options).filteredOn(option -> option.startsWith("-Xmx")).singleElement()
                .satisfies(heap -> assertThat(megabytes(heap.substring(4))).isLessThanOrEqualTo(160));
        assertThat(options).anyMatch(option -> option.startsWith("-XX:ReservedCodeCacheSize="))
                .anyMatch(option -> option.startsWith("-XX:MaxMetaspaceSize="))
                .anyMatch(option -> option.startsWith("-XX:MaxDirectMemorySize="));
    }

    @Test
    void theServiceImagesStartWithTheSameBoundsOutsideTheHeap() throws Exception {
        String pom = Files.readString(Workspace.locate().root().resolve("pom.xml"));
        List<String> imageFlags = Pattern.compile("<jvmFlag>([^<]+)</jvmFlag>").matcher(pom).results()
                .map(match -> match.group(1).trim()).toList();

        List<String> outsideTheHeap = ServiceJvmOptions.of(ServiceSpec.TODO_API, RUN_DIR, Map.of(), true).stream()
                .filter(option -> option.startsWith("-XX:ReservedCodeCacheSize") || option.startsWith("-XX:Max")
                        || option.startsWith("-Dio.grpc.netty") || option.equals("-XX:+UseSerialGC")
                        || option.equals("-XX:TieredStopAtLevel=1"))
                .toList();

        assertThat(outsideTheHeap).hasSize(7);
        // the heap is the chart's business there (a share of the container's memory limit)
        assertThat(imageFlags).containsAll(outsideTheHeap).noneMatch(flag -> flag.startsWith("-Xmx"));
    }

    @Test
    void anOlderJvmGetsNoNativeHeapTrimming() {
        assertThat(ServiceJvmOptions.of(ServiceSpec.TODO_API, RUN_DIR, Map.of(), false))
                .noneMatch(option -> option.startsWith("-XX:TrimNativeHeapInterval"));
    }

    @Test
    void extraOptionsForEveryServiceAndThenForOneComeLastSoTheyWin() {
        Map<String, String> environment = Map.of(
                ServiceJvmOptions.EXTRA, " -XX:NativeMemoryTracking=summary   -Xmx256m ",
                "TODO_API_JVM_EXTRA_OPTIONS", "-Xlog:gc:file=/tmp/gc.log");

        List<String> todoApi = ServiceJvmOptions.of(ServiceSpec.TODO_API, RUN_DIR, environment, true);
        List<String> recurring = ServiceJvmOptions.of(ServiceSpec.RECURRING_SERVICE, RUN_DIR, environment, true);

        assertThat(todoApi).endsWith("-XX:NativeMemoryTracking=summary", "-Xmx256m", "-Xlog:gc:file=/tmp/gc.log");
        assertThat(recurring).endsWith("-XX:NativeMemoryTracking=summary", "-Xmx256m")
                .doesNotContain("-Xlog:gc:file=/tmp/gc.log");
    }

    @Test
    void eachServiceHasItsOwnVariableAndABlankOneAddsNothing() {
        assertThat(ServiceJvmOptions.serviceVariable(ServiceSpec.TODO_API)).isEqualTo("TODO_API_JVM_EXTRA_OPTIONS");
        assertThat(ServiceJvmOptions.serviceVariable(ServiceSpec.NOTIFICATION_SERVICE))
                .isEqualTo("NOTIFICATION_SERVICE_JVM_EXTRA_OPTIONS");
        assertThat(ServiceJvmOptions.of(ServiceSpec.TODO_API, RUN_DIR, Map.of(ServiceJvmOptions.EXTRA, "  "), true))
                .isEqualTo(ServiceJvmOptions.of(ServiceSpec.TODO_API, RUN_DIR, Map.of(), true));
    }

    private static long megabytes(String size) {
        return Long.parseLong(size.substring(0, size.length() - 1)) * switch (size.charAt(size.length() - 1)) {
            case 'g', 'G' -> 1024;
            default -> 1;
        };
    }
}
