package dev.todo.common.web.openapi;

import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The RFC 9457 body every 4xx/5xx answer carries (SPEC §2 "Errors"), as {@code ProblemJsonExceptionHandler}
 * and {@code ProblemResponses} write it. Spring's ProblemDetail leaves out empty members, so only type,
 * title and status are always there.
 */
final class ProblemSchemas {

    static final String PROBLEM = "Problem";
    static final String FIELD_ERROR = "ProblemFieldError";
    static final String PROBLEM_REF = "#/components/schemas/" + PROBLEM;

    private ProblemSchemas() {
    }

    static Schema<?> fieldError() {
        return new ObjectSchema()
                .description("One invalid input: the JSON field or query parameter, and what is wrong with it.")
                .addProperty("field", new StringSchema().example("title"))
                .addProperty("message", new StringSchema().example("must not be blank"))
                .required(List.of("field", "message"));
    }

    static Schema<?> problem() {
        return new ObjectSchema()
                .description("RFC 9457 problem details (application/problem+json).")
                .addProperty("type", new StringSchema().format("uri-reference")
                        .description("https://todo.dev/problems/... for this platform's problems, else about:blank")
                        .example("https://todo.dev/problems/validation"))
                .addProperty("title", new StringSchema().example("Bad Request"))
                .addProperty("status", new IntegerSchema().minimum(java.math.BigDecimal.valueOf(400))
                        .maximum(java.math.BigDecimal.valueOf(599)).example(400))
                .addProperty("detail", new StringSchema().example("title: must not be blank"))
                .addProperty("instance", new StringSchema().format("uri-reference").example("/api/demo-user/tasks"))
                .addProperty("errors", new ArraySchema()
                        .items(new Schema<>().$ref("#/components/schemas/" + FIELD_ERROR))
                        .description("Present on validation problems (type .../validation): every invalid input."))
                .required(List.of("type", "title", "status"));
    }

    /** An example body per status, so the generated docs show what a client gets. */
    static Map<String, Object> example(int status, String title, String type, String detail) {
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("type", type);
        example.put("title", title);
        example.put("status", status);
        example.put("detail", detail);
        example.put("instance", "/api/demo-user/tasks/42");
        if (status == 400) {
            example.put("errors", List.of(Map.of("field", "title", "message", "must not be blank")));
        }
        return example;
    }
}
