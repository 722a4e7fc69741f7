package dev.todo.common.web.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.PathParameter;
import io.swagger.v3.oas.models.parameters.QueryParameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shared document rules on a small API of "things", under either spelling of the user parameter. */
class PublicApiDocumentTest {

    @ParameterizedTest
    @ValueSource(strings = {"user_id", "userId"})
    void everyApiOperationGetsItsErrorsHeadersAndLinks(String user) {
        String things = "/api/{" + user + "}/things";
        Operation list = operation("list", user).addParametersItem(new QueryParameter().name("size"));
        list.getResponses().addApiResponse("200", json("Thing"));
        list.addExtension(ETaggedOperations.EXTENSION, true);
        Operation create = operation("create", user).requestBody(new RequestBody().content(jsonContent("Thing")));
        create.getResponses().addApiResponse("201", json("Thing"));
        Operation replace = operation("replace", user).addParametersItem(new PathParameter().name("id"))
                .addParametersItem(new HeaderParameter().name("If-Match"))
                .requestBody(new RequestBody().content(jsonContent("Thing")));
        replace.getResponses().addApiResponse("200", json("Thing"));
        Schema<?> thing = new ObjectSchema().addProperty("id", new StringSchema())
                .addProperty("colour", new StringSchema()._enum(List.of("red", "blue")).nullable(true));
        OpenAPI api = new OpenAPI().components(new Components().addSchemas("Thing", thing)).paths(new Paths()
                .addPathItem(things, new PathItem().get(list).post(create))
                .addPathItem(things + "/{id}", new PathItem().put(replace))
                .addPathItem("/dapr/subscribe", new PathItem().get(new Operation().responses(new ApiResponses()))));

        new PublicApiDocument(List.of("/api/*/things")).customise(api);

        assertThat(list.getResponses().keySet()).contains("200", "304", "400", "401", "403", "429", "500")
                .doesNotContain("404", "412", "413", "415");
        assertThat(list.getResponses().get("200").getHeaders().keySet()).contains("ETag", "X-Total-Count", "Link");
        assertThat(list.getParameters()).anySatisfy(p -> assertThat(p.getName()).isEqualTo("If-None-Match"));
        assertThat(create.getResponses().get("201").getHeaders().keySet()).contains("Location");
        assertThat(create.getResponses().keySet()).contains("413", "415").doesNotContain("404", "304");
        assertThat(replace.getResponses().keySet()).contains("404", "412", "413", "415");
        assertThat(replace.getResponses().get("412").getContent().get("application/problem+json").getSchema()
                .get$ref()).isEqualTo("#/components/schemas/Problem");
        assertThat(list.getResponses().get("429").getHeaders().keySet()).contains("Retry-After");
        assertThat(list.getSecurity()).hasSize(1);
        assertThat(list.getExtensions()).doesNotContainKey(ETaggedOperations.EXTENSION);

        assertThat(thing.getRequired()).containsExactlyInAnyOrder("id", "colour");
        assertThat(new ArrayList<Object>(thing.getProperties().get("colour").getEnum())).containsExactly("red", "blue", null);
        assertThat(create.getResponses().get("201").getLinks().get("replace").getParameters())
                .containsEntry("id", "$response.body#/id").containsEntry(user, "$request.path." + user);
        assertThat(api.getPaths().get("/dapr/subscribe").getGet().getResponses()).isEmpty();
        assertThat(api.getComponents().getSecuritySchemes()).containsKey("bearer");
    }

    private static Operation operation(String id, String user) {
        return new Operation().operationId(id).responses(new ApiResponses())
                .addParametersItem(new PathParameter().name(user));
    }

    private static ApiResponse json(String schema) {
        return new ApiResponse().description("OK").content(jsonContent(schema));
    }

    private static Content jsonContent(String schema) {
        return new Content().addMediaType("application/json",
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + schema)));
    }
}
