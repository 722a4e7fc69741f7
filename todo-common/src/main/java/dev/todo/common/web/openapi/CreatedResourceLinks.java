package dev.todo.common.web.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.links.Link;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The links of the public document (see {@link #addTo}); the stateful fuzzer follows them too. */
final class CreatedResourceLinks {

    private CreatedResourceLinks() {
    }

    /**
     * OpenAPI links from each create (a POST answering 201 with the new resource's id) to the operations on
     * that resource ({@code <collection>/{id}} and below), so a client or the stateful fuzzer knows that the
     * created id is the one to read, change, complete or delete.
     */
    static void addTo(OpenAPI api) {
        api.getPaths().forEach((collection, item) -> {
            Operation create = item.getPost();
            ApiResponse created = create == null || create.getResponses() == null ? null
                    : create.getResponses().get("201");
            if (created == null || !collection.startsWith("/api/")) {
                return;
            }
            api.getPaths().forEach((path, resource) -> {
                Matcher id = Pattern.compile("^" + Pattern.quote(collection) + "/\\{([^}]+)}(/.*)?$").matcher(path);
                if (!id.matches()) {
                    return;
                }
                resource.readOperationsMap().forEach((method, operation) -> {
                    if (operation.getOperationId() == null) {
                        return;
                    }
                    Link link = new Link().operationId(operation.getOperationId())
                            .description("The " + method.name() + " of the created resource.")
                            .parameters(id.group(1), "$response.body#/id");
                    pathParameters(operation).filter(PublicApiDocument.USER_PARAMETERS::contains)
                            .forEach(user -> link.parameters(user, "$request.path." + user));
                    created.link(operation.getOperationId(), link);
                });
            });
        });
    }

    private static Stream<String> pathParameters(Operation operation) {
        return operation.getParameters() == null ? Stream.empty()
                : operation.getParameters().stream().filter(p -> "path".equals(p.getIn())).map(Parameter::getName);
    }
}
