package dev.todo.systemtests.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.todo.localstack.DemoToken;
import dev.todo.localstack.LocalStack;
import dev.todo.localstack.ServiceSpec;
import dev.todo.localstack.Workspace;
import dev.todo.systemtests.LocalStackExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 13: each service's OpenAPI document says what the running service does. Schemathesis runs every
 * check in its examples, coverage, fuzzing and stateful phases (the stateful phase follows the document's
 * links: create, then get/patch/replace/delete/complete the created task) against the end-to-end stack, as a
 * fresh user, and any finding fails the build. A document with one nullable field flipped makes it fail, so
 * the check can fail.
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchemathesisIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ALL_PHASES = List.of("--phases", "examples,coverage,fuzzing,stateful");

    private final HttpClient http = HttpClient.newHttpClient();
    private Schemathesis schemathesis;
    private String userId;
    private String token;

    @BeforeAll
    void install(LocalStack stack) {
        schemathesis = Schemathesis.install(Workspace.locate().root().resolve("system-tests"));
        userId = "contract-" + UUID.randomUUID();
        token = DemoToken.sign(userId, stack.secrets().jwtSecret(), Clock.systemUTC());
    }

    @Test
    void todoApiAnswersAsItsDocumentSays() {
        assertNoFinding(run("todo-api", ServiceSpec.TODO_API));
    }

    @Test
    void notificationServiceAnswersAsItsDocumentSays() {
        assertNoFinding(run("notification-service", ServiceSpec.NOTIFICATION_SERVICE));
    }

    @Test
    void aDocumentWithANullableFieldMadeNonNullableFails() throws Exception {
        // a task without a description, so the list answers a null the wrong document forbids
        HttpResponse<String> created = send(HttpRequest.newBuilder(
                        URI.create(ServiceSpec.TODO_API.appUrl() + "/api/" + userId + "/tasks"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"no description\"}")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        ObjectNode document = (ObjectNode) JSON.readTree(send(HttpRequest.newBuilder(
                URI.create(ServiceSpec.TODO_API.appUrl() + "/v3/api-docs"))).body());
        ObjectNode description = (ObjectNode) document.at("/components/schemas/TaskData/properties/description");
        assertThat(description.path("nullable").asBoolean()).as("the real document").isTrue();
        description.remove("nullable");
        Path wrong = Workspace.locate().root().resolve("system-tests/target/schemathesis/todo-api-wrong.json");
        Files.createDirectories(wrong.getParent());
        JSON.writeValue(wrong.toFile(), document);

        Schemathesis.Run run = schemathesis.run("todo-api-wrong", wrong.toString(), ServiceSpec.TODO_API.appUrl(),
                userId, token, List.of("--phases", "examples,fuzzing", "--mode", "positive",
                        "--include-operation-id", "list"));

        System.out.printf("schemathesis todo-api-wrong: %d test cases, %d unique failures (exit %d)%n",
                run.testCases(), run.uniqueFailures(), run.exitCode());
        assertThat(run.exitCode()).as(run.output()).isNotZero();
        assertThat(run.output()).contains("Response violates schema").contains("description");
    }

    private Schemathesis.Run run(String name, ServiceSpec service) {
        Schemathesis.Run run = schemathesis.run(name, service.appUrl() + "/v3/api-docs", service.appUrl(), userId,
                token, ALL_PHASES);
        System.out.printf("schemathesis %s: %d test cases, %d unique failures (exit %d), log %s%n", name,
                run.testCases(), run.uniqueFailures(), run.exitCode(), run.log());
        return run;
    }

    private static void assertNoFinding(Schemathesis.Run run) {
        assertThat(run.exitCode()).as("Schemathesis found what the document does not say; see %s%n%s", run.log(),
                run.output()).isZero();
        assertThat(run.testCases()).as(run.output()).isPositive();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
