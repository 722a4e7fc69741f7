package dev.todo.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's guarantees that actionlint does not check: actions pinned by commit, least
 * privilege, one deployment at a time, the README's test command, and the deploy steps.
 */
class WorkflowsTest {

    static final Path DIR = ProjectFiles.resolve(".github/workflows");

    static JsonNode workflow(String name) throws Exception {
        return StrictYaml.TREE.readTree(Files.readString(DIR.resolve(name)));
    }

    static List<JsonNode> steps(JsonNode workflow) {
        List<JsonNode> steps = new ArrayList<>();
        workflow.path("jobs").forEach(job -> job.path("steps").forEach(steps::add));
        return steps;
    }

    static String runs(JsonNode workflow) {
        return String.join("\n", steps(workflow).stream().map(s -> s.path("run").asText()).toList());
    }

    @Test
    void everyActionIsPinnedToAFullCommitSha() throws Exception {
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path file : files.toList()) {
                JsonNode wf = StrictYaml.TREE.readTree(Files.readString(file));
                for (JsonNode step : steps(wf)) {
                    if (step.has("uses")) {
                        assertThat(step.path("uses").asText()).as("%s: %s", file.getFileName(), step)
                                .matches("[\\w.-]+/[\\w.-]+(/[\\w./-]+)?@[0-9a-f]{40}");
                    }
                }
                assertThat(wf.path("permissions").path("contents").asText()).as("%s permissions", file.getFileName())
                        .isEqualTo("read");
                assertThat(wf.path("permissions").size()).as("%s: only contents: read", file.getFileName()).isEqualTo(1);
                wf.path("jobs").forEach(job -> assertThat(job.path("permissions").toString()).doesNotContain("write"));
                assertThat(wf.path("concurrency").path("group").asText()).as("%s concurrency", file.getFileName()).isNotBlank();
            }
        }
    }

    @Test
    void ciRunsTheReadmeTestCommandOnPushesAndPullRequests() throws Exception {
        JsonNode ci = workflow("ci.yml");
        assertThat(ci.path("on").has("push")).isTrue();
        assertThat(ci.path("on").has("pull_request")).isTrue();
        String readme = Files.readString(ProjectFiles.resolve("README.md"));
        assertThat(readme).contains("./mvnw -B verify");
        assertThat(steps(ci)).extracting(s -> s.path("run").asText()).contains("./mvnw -B verify", "bash scripts/lint.sh");
    }

    @Test
    void deployTestsThenRollsOutAtomicallyAndChecksTheRelease() throws Exception {
        JsonNode deploy = workflow("deploy.yml");
        assertThat(deploy.path("on").path("push").path("branches")).extracting(JsonNode::asText).containsExactly("main");
        assertThat(deploy.path("concurrency").path("cancel-in-progress").asBoolean()).as("never cancel a rollout").isFalse();
        assertThat(deploy.path("jobs").path("deploy").path("needs").asText()).isEqualTo("test");
        assertThat(runs(deploy)).contains("./mvnw -B verify", "jib:build", "-Dimage.tag=\"$GITHUB_SHA\"",
                "helm upgrade --install", "--atomic --wait", "helm test", "deploy-verifier.jar", "curl");
        String run = runs(deploy);
        assertThat(run.indexOf("jib:build")).isLessThan(run.indexOf("helm upgrade"));
        assertThat(run.indexOf("helm upgrade")).isLessThan(run.indexOf("deploy-verifier.jar"));
    }
}
