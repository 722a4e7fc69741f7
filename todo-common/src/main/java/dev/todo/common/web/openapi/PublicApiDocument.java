package dev.todo.common.web.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springframework.core.Ordered;
import org.springframework.util.AntPathMatcher;

/**
 * The rules every {@code /api/**} operation of every service shares, applied to the generated document so a
 * route added anywhere gets them without annotations (issue 13): bearer security, the problem+json body on
 * each error status the route can answer (400/401/403/500 always; 404 with a resource id; 412 with
 * If-Match; 413/415 with a body; 429 where the route is capped), the ETag/304, Location, paging and
 * Retry-After headers, and response bodies whose every property is required (Jackson writes nulls, so a
 * property is always present; which ones may be null the DTOs say with {@code @Schema(nullable = true)}).
 */
public class PublicApiDocument implements GlobalOpenApiCustomizer, Ordered {

    static final String BEARER = "bearer";
    private static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;
    private static final String TEXT_EVENT_STREAM = org.springframework.http.MediaType.TEXT_EVENT_STREAM_VALUE;
    static final Set<String> USER_PARAMETERS = Set.of("user_id", "userId");

    private final List<String> cappedPaths;
    private final AntPathMatcher paths = new AntPathMatcher();

    /** @param cappedPaths patterns of the routes that answer 429 when a cap is reached */
    public PublicApiDocument(List<String> cappedPaths) {
        this.cappedPaths = List.copyOf(cappedPaths);
    }

    /** Last, so it sees the parameters and bodies the services' own customizers add. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void customise(OpenAPI api) {
        if (api.getComponents() == null) {
            api.setComponents(new Components());
        }
        Components components = api.getComponents();
        components.addSchemas(ProblemSchemas.FIELD_ERROR, ProblemSchemas.fieldError());
        components.addSchemas(ProblemSchemas.PROBLEM, ProblemSchemas.problem());
        if (components.getSecuritySchemes() == null || !components.getSecuritySchemes().containsKey(BEARER)) {
            components.addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                    .scheme("bearer").bearerFormat("JWT")
                    .description("A JWT whose sub is the {user_id} of the path."));
        }
        Set<String> responseSchemas = new HashSet<>();
        if (api.getPaths() != null) {
            api.getPaths().forEach((path, item) -> {
                if (path.startsWith("/api/")) {
                    item.readOperationsMap().forEach((method, operation) ->
                            document(path, method, operation, responseSchemas));
                }
            });
        }
        requireEveryProperty(responseSchemas, components);
        allowNullInNullableEnums(components);
        if (components.getSchemas() != null) {
            components.getSchemas().remove("SseEmitter"); // no longer referenced, see above
        }
        if (api.getPaths() != null) {
            CreatedResourceLinks.addTo(api);
        }
    }

    /**
     * In OpenAPI 3.0 an enum lists every allowed value, null included: a nullable enum without null in it
     * refuses null after all (JSON Schema validators read it so).
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void allowNullInNullableEnums(Components components) {
        if (components.getSchemas() == null) {
            return;
        }
        components.getSchemas().values().stream()
                .filter(schema -> schema.getProperties() != null)
                .flatMap(schema -> ((Map<String, Schema>) schema.getProperties()).values().stream())
                .filter(property -> Boolean.TRUE.equals(property.getNullable()) && property.getEnum() != null
                        && property.getEnum().stream().noneMatch(java.util.Objects::isNull))
                .forEach(property -> {
                    List<Object> values = new java.util.ArrayList<>(property.getEnum());
                    values.add(null);
                    property.setEnum(values);
                });
    }

    private void document(String path, PathItem.HttpMethod method, Operation operation, Set<String> responseSchemas) {
        boolean etagged = operation.getExtensions() != null
                && operation.getExtensions().remove(ETaggedOperations.EXTENSION) != null;
        operation.setSecurity(List.of(new SecurityRequirement().addList(BEARER)));
        List<Parameter> parameters = operation.getParameters() == null ? List.of() : operation.getParameters();
        parameters.stream().filter(p -> "path".equals(p.getIn()) && USER_PARAMETERS.contains(p.getName()))
                .forEach(p -> p.description("The user; must be the token's sub (else 403).").example("demo-user"));
        boolean hasResourceId = parameters.stream()
                .anyMatch(p -> "path".equals(p.getIn()) && !USER_PARAMETERS.contains(p.getName()));
        boolean ifMatch = parameters.stream()
                .anyMatch(p -> "header".equals(p.getIn()) && "If-Match".equalsIgnoreCase(p.getName()));
        boolean paged = parameters.stream()
                .anyMatch(p -> "query".equals(p.getIn()) && "size".equals(p.getName()));
        boolean conditionalGet = etagged && method == PathItem.HttpMethod.GET;
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        ApiResponses responses = operation.getResponses();

        responses.forEach((status, response) -> {
            if (!status.startsWith("2")) {
                return;
            }
            if (response.getContent() != null) {
                // an SSE handler's return type (SseEmitter) is no body schema: the body is an event stream
                MediaType events = response.getContent().get(TEXT_EVENT_STREAM);
                if (events != null) {
                    events.setSchema(new StringSchema().description("Server-sent events (text/event-stream)."));
                }
                response.getContent().values().forEach(media -> collectRefs(media.getSchema(), responseSchemas));
            }
            if (etagged) {
                response.addHeaderObject("ETag", etag().required(true));
            }
            if (status.equals("201")) {
                response.addHeaderObject("Location", new Header().required(true)
                        .description("The URL of the created resource.")
                        .schema(new StringSchema().format("uri-reference")));
            }
            if (paged) {
                response.addHeaderObject("X-Total-Count", new Header().required(true)
                        .description("The number of items on all pages.")
                        .schema(new IntegerSchema().format("int64").minimum(BigDecimal.ZERO)));
                response.addHeaderObject("Link", new Header().required(true)
                        .description("RFC 8288 links to the first, prev, next and last page (0-based page).")
                        .schema(new StringSchema().example(
                                "</api/demo-user/tasks?page=0&size=20>; rel=\"first\", "
                                        + "</api/demo-user/tasks?page=0&size=20>; rel=\"last\"")));
            }
        });
        if (conditionalGet) {
            if (parameters.stream().noneMatch(p -> "If-None-Match".equalsIgnoreCase(p.getName()))) {
                operation.addParametersItem(new HeaderParameter().name("If-None-Match").required(false)
                        .description("An ETag from an earlier answer; 304 while it still matches.")
                        .schema(new StringSchema().example("\"3\"")));
            }
            responses.addApiResponse("304", new ApiResponse()
                    .description("Not Modified: the If-None-Match ETag still matches; no body.")
                    .addHeaderObject("ETag", etag()));
        }

        problem(responses, 400, "Bad Request", "https://todo.dev/problems/validation",
                "The input is invalid; errors lists every invalid field or parameter.", "title: must not be blank");
        problem(responses, 401, "Unauthorized", "https://todo.dev/problems/unauthorized",
                "No bearer token, or one that is invalid or expired.", "A valid bearer token is required.");
        problem(responses, 403, "Forbidden", "https://todo.dev/problems/forbidden",
                "The path's user is not the token's subject.", "The path's user is not the token's subject.");
        if (hasResourceId) {
            problem(responses, 404, "Not Found", "about:blank",
                    "No such resource for this user.", "no such task");
        }
        if (ifMatch) {
            problem(responses, 412, "Precondition Failed", "https://todo.dev/problems/stale-version",
                    "If-Match does not match the current ETag: someone changed it first.",
                    "The task was changed since it was read (version 4).");
        }
        if (operation.getRequestBody() != null) {
            problem(responses, 413, "Payload Too Large", "https://todo.dev/problems/payload-too-large",
                    "The body is larger than 64 KiB.", "The request body is larger than 65536 bytes.");
            problem(responses, 415, "Unsupported Media Type", "about:blank",
                    "The Content-Type is not one this route reads.", "Content-Type 'text/plain' is not supported.");
        }
        if (cappedPaths.stream().anyMatch(pattern -> paths.match(pattern, path))) {
            ApiResponse tooMany = problem(responses, 429, "Too Many Requests", "about:blank",
                    "A connection or rate cap is reached; retry after Retry-After seconds.",
                    "Too many open streams for this user.");
            tooMany.addHeaderObject("Retry-After", new Header().description("Seconds to wait before retrying.")
                    .schema(new IntegerSchema().minimum(BigDecimal.ZERO)));
        }
        problem(responses, 500, "Internal Server Error", "about:blank",
                "An unexpected error; the body never carries internals.", "An unexpected error occurred.");
        // Handlers' generic responses from the controller advice come as */* of Object: every error is a problem.
        responses.forEach((status, response) -> {
            if (status.startsWith("4") || status.startsWith("5")) {
                MediaType media = response.getContent() == null ? null : response.getContent().get(PROBLEM_JSON);
                response.setContent(new Content().addMediaType(PROBLEM_JSON, media != null ? media
                        : new MediaType().schema(new Schema<>().$ref(ProblemSchemas.PROBLEM_REF))));
            }
        });
    }

    private static ApiResponse problem(ApiResponses responses, int status, String title, String type,
            String description, String detail) {
        ApiResponse response = responses.computeIfAbsent(Integer.toString(status), key -> new ApiResponse());
        response.description(description).content(new Content().addMediaType(PROBLEM_JSON, new MediaType()
                .schema(new Schema<>().$ref(ProblemSchemas.PROBLEM_REF))
                .example(ProblemSchemas.example(status, title, type, detail))));
        return response;
    }

    private static Header etag() {
        return new Header().description("The resource's version as an entity tag; send it in If-Match "
                + "(updates) or If-None-Match (reads).").schema(new StringSchema().example("\"3\""));
    }

    private static void collectRefs(Schema<?> schema, Set<String> names) {
        if (schema == null) {
            return;
        }
        if (schema.get$ref() != null) {
            names.add(schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1));
        }
        collectRefs(schema.getItems(), names);
    }

    /**
     * The services write every property of a response body (Jackson's inclusion is "always"), so each one is
     * required; nullable ones say so themselves.
     */
    @SuppressWarnings("rawtypes")
    private static void requireEveryProperty(Set<String> roots, Components components) {
        Map<String, Schema> schemas = components.getSchemas();
        if (schemas == null) {
            return;
        }
        Deque<String> queue = new ArrayDeque<>(roots);
        Set<String> seen = new HashSet<>();
        while (!queue.isEmpty()) {
            String name = queue.pop();
            Schema<?> schema = schemas.get(name);
            if (!seen.add(name) || schema == null || schema.getProperties() == null) {
                continue;
            }
            schema.setRequired(List.copyOf(schema.getProperties().keySet()));
            Set<String> nested = new HashSet<>();
            schema.getProperties().values().forEach(property -> collectRefs(property, nested));
            queue.addAll(nested);
        }
    }
}
