package dev.todo.systemtests.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todo.localstack.DemoToken;
import dev.todo.localstack.LocalStack;
import dev.todo.localstack.ServiceSpec;
import dev.todo.localstack.Workspace;
import dev.todo.systemtests.LocalStackExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 13: the typed TypeScript client in clients/typescript is generated from the running todo-api's
 * document, compiles with {@code tsc --strict}, and its example program creates, lists and completes a task
 * on the local stack; the task is then read back here, apart from the client.
 */
@ExtendWith(LocalStackExtension.class)
class TypeScriptClientIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theGeneratedClientCompilesStrictAndItsExampleCompletesATask(LocalStack stack) throws Exception {
        Path workspace = Workspace.locate().root();
        Path client = workspace.resolve("clients/typescript");
        Path logs = workspace.resolve("system-tests/target/typescript-client");
        String userId = "ts-client-" + UUID.randomUUID();
        String token = DemoToken.sign(userId, stack.secrets().jwtSecret(), Clock.systemUTC());
        String baseUrl = ServiceSpec.TODO_API.appUrl();
        Tool tool = new Tool(client, Map.of("TODO_API_URL", baseUrl, "TODO_TOKEN", token, "TODO_USER_ID", userId));

        Tool.Result build = tool.run(List.of("bash", "build.sh", baseUrl + "/v3/api-docs"), logs.resolve("build.log"),
                Duration.ofMinutes(10));
        assertThat(build.exitCode()).as("build.sh (npm ci, openapi-typescript, tsc --strict):%n%s", build.output())
                .isZero();

        Tool.Result example = tool.run(List.of("node", "dist/example.js"), logs.resolve("example.log"),
                Duration.ofMinutes(2));
        assertThat(example.exitCode()).as("the example program:%n%s", example.output()).isZero();
        JsonNode outcome = JSON.readTree(example.lastLine());
        assertThat(outcome.path("listed").asBoolean()).isTrue();
        assertThat(outcome.path("total").asInt()).isPositive();

        HttpResponse<String> task = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        baseUrl + "/api/" + userId + "/tasks/" + outcome.path("created").asLong()))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(task.statusCode()).isEqualTo(200);
        JsonNode stored = JSON.readTree(task.body());
        assertThat(stored.path("title").asText()).isEqualTo("Try the typed client");
        assertThat(stored.path("completed").asBoolean()).isTrue();
        assertThat(stored.path("completed_at").asText()).isEqualTo(outcome.path("completed_at").asText());
    }
}
