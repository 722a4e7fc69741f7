package dev.todo.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TracingSamplingTest {

    @TempDir
    Path runDir;

    private final Workspace workspace = Workspace.locate();

    @Test
    void withoutTheVariableTheSidecarsUseTheCheckedInConfigurationThatSamplesEverything() throws Exception {
        TracingSampling.configureSidecars(Map.of(), workspace, runDir);

        assertThat(TracingSampling.requested(Map.of())).isEmpty();
        assertThat(TracingSampling.sidecarConfig(workspace, runDir)).isEqualTo(workspace.daprConfig());
        assertThat(Files.readString(workspace.daprConfig())).contains("samplingRate: \"1\"");
    }

    @Test
    void aRequestedRateIsWrittenIntoTheRunsCopyOfTheConfiguration() throws Exception {
        Map<String, String> environment = Map.of(TracingSampling.VARIABLE, "0.25");

        TracingSampling.configureSidecars(environment, workspace, runDir);

        Path config = TracingSampling.sidecarConfig(workspace, runDir);
        assertThat(config).isEqualTo(runDir.resolve(TracingSampling.RUN_CONFIG));
        String copied = Files.readString(config);
        assertThat(copied).contains("samplingRate: \"0.25\"").doesNotContain("samplingRate: \"1\"")
                .contains("endpointAddress: \"http://127.0.0.1:9411/api/v2/spans\"");
        assertThat(TracingSampling.requested(environment)).contains("0.25");

        TracingSampling.configureSidecars(Map.of(), workspace, runDir);
        assertThat(TracingSampling.sidecarConfig(workspace, runDir)).isEqualTo(workspace.daprConfig());
    }

    @Test
    void aRateOutsideZeroToOneStopsTheStartWithWhatToDo() {
        for (String bad : new String[] {"2", "-0.1", "half"}) {
            assertThatThrownBy(() -> TracingSampling.requested(Map.of(TracingSampling.VARIABLE, bad)))
                    .isInstanceOf(StackStartupException.class).hasMessageContaining("what to do");
        }
    }
}
