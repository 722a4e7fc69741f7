package dev.todo.api.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import dev.todo.api.support.ApiIntegrationTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: the document says what the task routes accept and answer: required and nullable fields, the
 * parser's limits, problem+json on every error status, the ETag/304 and paging headers. (Schemathesis checks
 * the same document against the running stack in system-tests.) The document is kept in target/ to read.
 */
class TaskApiDocumentIT extends ApiIntegrationTest {

    @Test
    void theDocumentStatesTheTaskContract() throws Exception {
        String body = mvc.perform(get("/v3/api-docs")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        Files.createDirectories(Path.of("target/openapi"));
        Files.writeString(Path.of("target/openapi/todo-api.json"), body);
        JsonNode doc = json.readTree(body);
        JsonNode schemas = doc.path("components").path("schemas");

        JsonNode task = schemas.path("TaskData");
        assertThat(names(task.path("required"))).contains("id", "title", "description", "due_at", "completed_at");
        assertThat(task.path("properties").path("description").path("nullable").asBoolean()).isTrue();
        assertThat(task.path("properties").path("completed_at").path("nullable").asBoolean()).isTrue();
        assertThat(task.path("properties").path("title").path("nullable").asBoolean()).isFalse();
        assertThat(task.path("properties").path("due_at").path("format").asText()).isEqualTo("date-time");

        JsonNode request = schemas.path("TaskRequest");
        assertThat(names(request.path("required"))).containsExactly("title");
        assertThat(request.path("properties").path("title").path("maxLength").asInt()).isEqualTo(200);
        assertThat(request.path("properties").path("description").path("maxLength").asInt()).isEqualTo(4000);
        assertThat(request.path("properties").path("tags").path("maxItems").asInt()).isEqualTo(20);
        assertThat(request.path("properties").path("tags").path("items").path("maxLength").asInt()).isEqualTo(30);
        assertThat(names(request.path("properties").path("priority").path("enum")))
                .containsExactly("low", "medium", "high", "null");
        assertThat(names(request.path("properties").path("time_zone").path("enum"))).contains("Europe/Berlin", "UTC");
        assertThat(request.path("anyOf")).hasSize(2);
        assertThat(schemas.path("Problem").path("properties").has("errors")).isTrue();

        JsonNode paths = doc.path("paths");
        String tasks = paths.has("/api/{user_id}/tasks") ? "/api/{user_id}/tasks" : "/api/{userId}/tasks";
        JsonNode list = paths.path(tasks).path("get");
        assertThat(list.path("responses").path("200").path("headers").fieldNames())
                .toIterable().contains("ETag", "X-Total-Count", "Link");
        assertThat(list.path("responses").has("304")).isTrue();
        JsonNode size = parameter(list, "size");
        assertThat(size.path("schema").path("maximum").asInt()).isEqualTo(200);
        assertThat(size.path("schema").path("minimum").asInt()).isEqualTo(1);

        JsonNode create = paths.path(tasks).path("post");
        assertThat(create.path("responses").path("201").path("headers").fieldNames())
                .toIterable().contains("Location", "ETag");
        assertThat(create.path("responses").fieldNames()).toIterable()
                .contains("400", "401", "403", "413", "415", "500").doesNotContain("404", "412");
        assertThat(create.path("responses").path("400").path("content").path("application/problem+json")
                .path("schema").path("$ref").asText()).isEqualTo("#/components/schemas/Problem");

        JsonNode put = paths.path(tasks + "/{id}").path("put");
        assertThat(put.path("responses").fieldNames()).toIterable().contains("404", "412");
        JsonNode patch = paths.path(tasks + "/{id}").path("patch");
        assertThat(patch.path("requestBody").path("content").path("application/merge-patch+json")
                .path("schema").path("$ref").asText()).isEqualTo("#/components/schemas/TaskPatch");
        JsonNode count = parameter(paths.path(tasks + "/{id}/occurrences").path("get"), "count");
        assertThat(count.path("schema").path("minimum").asInt()).isEqualTo(1);
        assertThat(count.path("schema").path("maximum").asInt()).isEqualTo(100);
        assertThat(doc.path("components").path("securitySchemes").has("bearer")).isTrue();
    }

    private static JsonNode parameter(JsonNode operation, String name) {
        for (JsonNode parameter : operation.path("parameters")) {
            if (parameter.path("name").asText().equals(name)) {
                return parameter;
            }
        }
        throw new AssertionError("no parameter " + name + " in " + operation);
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(node -> names.add(node.asText()));
        return names;
    }
}
